/**
 * The WHERE clause of a hand-written query and its parameters, built together so that
 * every value is bound (`$n`), never spliced into the SQL.
 *
 * @example
 * const where = new SqlConditions();
 * if (status) where.add(`t.status = ANY(${where.bind(status)})`);
 * await manager.query(`SELECT … FROM tasks t ${where.clause()}`, where.params);
 */
export class SqlConditions {
  readonly params: unknown[];
  private readonly conditions: string[] = [];

  /** `params` are bound first, as `$1`, `$2`, … for the query's fixed placeholders. */
  constructor(...params: unknown[]) {
    this.params = params;
  }

  /** Binds a value and returns its placeholder. */
  bind(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  add(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** `WHERE a AND b`, or nothing when there is no condition. */
  clause(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** A LIKE/ILIKE pattern matching `text` anywhere, with its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

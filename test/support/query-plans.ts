import { DataSource } from 'typeorm';
import { expect, vi } from 'vitest';
import type { TestApp } from './test-app.js';

export interface PlanNode {
  'Node Type': string;
  'Index Cond'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** A SELECT with a bound LIMIT: the paged query of a list. */
const PAGED_SELECT = /^\s*SELECT\b[\s\S]*\bLIMIT \$\d+/;

/** The SQL and parameters of the paged SELECT that answering `path` ran (the first one `pattern` matches). */
export async function listQueryOf(
  t: TestApp,
  path: string,
  pattern: RegExp = PAGED_SELECT,
): Promise<{ sql: string; params: unknown[] }> {
  const spy = vi.spyOn(t.app.get(DataSource), 'query');
  try {
    const response = await t.request('GET', path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const call = spy.mock.calls.find(([sql]) => pattern.test(sql));
    expect(call, `no paged SELECT for ${path}`).toBeDefined();
    return { sql: call![0], params: (call![1] as unknown[] | undefined) ?? [] };
  } finally {
    spy.mockRestore();
  }
}

/** The query's plan with sorting made prohibitively dear: a Sort left in is one no index could spare. */
export async function planOf(t: TestApp, { sql, params }: { sql: string; params: unknown[] }): Promise<PlanNode> {
  return t.app.get(DataSource).transaction(async (manager) => {
    await manager.query('SET LOCAL enable_sort = off');
    const [row] = await manager.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return row['QUERY PLAN'][0].Plan;
  });
}

/** Every node of a plan, the root first. */
export const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** A plan on one line, for assertion messages: `Limit > Index Scan [cond] > …`. */
export const planShape = (node: PlanNode) =>
  nodesOf(node)
    .map((n) => `${n['Node Type']}${n['Index Cond'] ? ` [${n['Index Cond']}]` : ''}`)
    .join(' > ');

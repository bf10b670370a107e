/**
 * CHECK expressions for entity `@Check`s, built from the constants the domain checks with,
 * so that the database and the aggregate refuse the same values.
 */
export const check = {
  /** `"column" IN ('a', 'b')`. */
  oneOf: (column: string, values: readonly string[]) =>
    `"${column}" IN (${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')})`,
  /** `char_length("column") BETWEEN min AND max`. */
  lengthBetween: (column: string, min: number, max: number) => `char_length("${column}") BETWEEN ${min} AND ${max}`,
  /** `char_length("column") <= max`. */
  lengthAtMost: (column: string, max: number) => `char_length("${column}") <= ${max}`,
};

/**
 * Whether two field values are the same: instants by their time, lists item by item, the
 * rest by identity. What an aggregate asks before it counts a change (setting a field to
 * what it holds changes nothing, and bumps no version).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  return false;
}

/**
 * How many records a JSON answer carries: a page (`{ items, nextCursor }`) or any object
 * with an `items` list its items, a bare list its length, any other object one resource.
 *
 * @example
 * recordsIn({ items: [a, b, c], nextCursor: null }); // 3
 * recordsIn({ id, title }); // 1
 */
export function recordsIn(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (typeof body !== 'object' || body === null) return 0;
  const { items } = body as { items?: unknown };
  return Array.isArray(items) ? items.length : 1;
}

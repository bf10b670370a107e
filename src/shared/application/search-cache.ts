import { createHash } from 'node:crypto';
import type { Page } from './page.js';
import type { ReadCache } from './read-cache.js';

/**
 * One page of search results (a list with `q`, SPEC-CACHE: 1 min) through the read cache,
 * keyed by the list and every criterion. Nothing forgets it: a search may lag a change by
 * up to `ttlMs` (CACHE_SEARCH_TTL_SECONDS), lists without `q` are always read fresh. The
 * cache keeps JSON, so the `dates` fields of each item are revived as Dates.
 *
 * @example
 * if (criteria.text) return searchThroughCache(this.cache, this.ttlMs, 'tasks', criteria, ['createdAt', 'updatedAt'], () => this.reads.list(criteria));
 */
export async function searchThroughCache<T extends object>(
  cache: ReadCache,
  ttlMs: number,
  list: string,
  criteria: object,
  dates: readonly (keyof T & string)[],
  load: () => Promise<Page<T>>,
): Promise<Page<T>> {
  const key = `search:${list}:${createHash('sha256').update(JSON.stringify(criteria)).digest('base64url')}`;
  const page = (await cache.through(key, ttlMs, load)) ?? (await load());
  return { ...page, items: page.items.map((item) => reviveDates(item, dates)) };
}

function reviveDates<T extends object>(item: T, dates: readonly (keyof T & string)[]): T {
  const revived = { ...item } as Record<string, unknown>;
  for (const field of dates) {
    const value = revived[field];
    if (typeof value === 'string') revived[field] = new Date(value);
  }
  return revived as T;
}

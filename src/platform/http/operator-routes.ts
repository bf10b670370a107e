/**
 * The probes and the scrape (`/health`, `/health/*`, `/metrics`): what orchestrators and
 * Prometheus call. They are not measured as traffic, stay reachable under overload, and are
 * all a worker serves.
 */
export function isOperatorRoute(route: string): boolean {
  return route === '/metrics' || route === '/health' || route.startsWith('/health/');
}

/** isOperatorRoute for a URL as requested, query included (before routing). */
export function isOperatorPath(url: string): boolean {
  const query = url.indexOf('?');
  return isOperatorRoute(query === -1 ? url : url.slice(0, query));
}

/** What the security log and its counter know (SPEC-LOG-3 `security`, and the alert rules on it). */
export const SECURITY_EVENTS = [
  'login_failed',
  'account_locked',
  'access_denied',
  'refresh_token_reused',
  'privilege_escalation',
  // One user (else one ip) read more records, or made more requests, in a window than its threshold.
  'data_access_unusual',
  'request_rate_unusual',
  // Input that looks like SQL injection or XSS (stored as given; only logged and counted).
  'suspicious_input',
] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

/**
 * Records a security event: logged (category `security`, at warn) and counted in
 * `security_events_total{event}`, so that alerts can watch bursts of them.
 *
 * @example
 * security.record('login_failed', { userId, reason: 'wrong_password', failedAttempts: 3 });
 */
export interface SecurityEvents {
  record(event: SecurityEvent, context: Record<string, unknown>): void;
}

export const SECURITY_EVENTS_PORT = Symbol('SecurityEvents');

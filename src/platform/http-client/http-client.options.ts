/** What a feature says about the service it calls, once, in `HttpClientModule.register()`. */
export interface HttpClientOptions {
  /**
   * Names the service in logs (`service`), metrics (`service` label) and the injection token:
   * lowercase letters, digits, `-` and `_`, starting with a letter (`email`, `crm-webhooks`).
   */
  readonly name: string;
  /** Where every `path` of its requests is resolved: `https://mail.internal/api/v1`. */
  readonly baseURL: string;
  /** The whole budget of one call; REQUEST_TIMEOUT_MS by default. */
  readonly timeoutMs?: number;
  /**
   * The longest one attempt may take, at most timeoutMs: REQUEST_ATTEMPT_TIMEOUT_MS by default,
   * but timeoutMs when the client sets its own timeoutMs (a slow service answers slowly every
   * time, not just once).
   */
  readonly attemptTimeoutMs?: number;
}

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** Every problem of the options, so that a wrong registration stops the app at start. */
export function problemsOf(options: HttpClientOptions): string[] {
  const problems: string[] = [];
  if (!NAME.test(options.name)) problems.push(`name ${JSON.stringify(options.name)} is not lowercase letters, digits, - and _`);
  let url: URL | undefined;
  try {
    url = new URL(options.baseURL);
  } catch {
    // reported below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push('baseURL is not an http(s) URL');
  for (const key of ['timeoutMs', 'attemptTimeoutMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) problems.push(`${key} is not a positive integer of ms`);
  }
  return problems;
}

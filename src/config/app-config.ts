/** The validated configuration of one process; read once at start, never from process.env again. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly shutdownTimeoutMs: number;
  };
  readonly database: {
    /** PostgreSQL URL; absent selects the embedded PGlite server. */
    readonly url: string | undefined;
    readonly poolSize: number;
    readonly statementTimeoutMs: number;
    /** Where the embedded database keeps its files. */
    readonly dataDir: string;
    readonly runMigrations: boolean;
  };
  readonly log: {
    readonly level: LogLevelName;
  };
  /** How long read caches keep an entry (SPEC-CACHE); every change invalidates its entry at once. */
  readonly cache: {
    readonly templateTtlMs: number;
    readonly calendarTtlMs: number;
  };
}

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export const APP_CONFIG = Symbol('AppConfig');

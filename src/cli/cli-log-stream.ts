import type { LogLevelName } from '../config/app-config.js';
import type { LogStream } from '../platform/logging/log-destination.js';

/**
 * Log events that tell how far long work has got: a CLI run shows their message as it
 * comes (the audit archive's and restore's batches, the first admin's creation).
 */
export const PROGRESS_EVENTS: ReadonlySet<string> = new Set([
  'audit_archive_started',
  'audit_archive_progress',
  'audit_archive_month',
  'audit_restore_progress',
  'audit_restored',
]);

const SHOWN_LEVELS: ReadonlySet<string> = new Set(['warn', 'error', 'fatal']);

/**
 * Where a CLI run's log lines go: stderr, so that stdout holds only what the command
 * answers. With `verbose` (LOG_LEVEL was set) each line as the app writes it, JSON; without,
 * warnings and errors as `warn: message`, and the progress events as their message.
 */
export function cliLogStream(verbose: LogLevelName | null, out: { write(text: string): unknown } = process.stderr): LogStream {
  return {
    write(line: string) {
      if (verbose) {
        out.write(line);
        return;
      }
      let fields: { level?: string; message?: unknown; event?: string; component?: string; error?: { message?: string } };
      try {
        fields = JSON.parse(line);
      } catch {
        out.write(line);
        return;
      }
      // A start or a use case that failed: the CLI says why itself, once, as its last word.
      if (fields.component === 'ExceptionHandler' || fields.event === 'usecase_error') return;
      if (fields.event && PROGRESS_EVENTS.has(fields.event)) out.write(`${String(fields.message)}\n`);
      else if (fields.level && SHOWN_LEVELS.has(fields.level)) {
        const cause = fields.error?.message && !String(fields.message).includes(fields.error.message) ? ` (${fields.error.message})` : '';
        out.write(`${fields.level}: ${String(fields.message)}${cause}\n`);
      }
    },
  };
}

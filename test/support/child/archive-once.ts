/**
 * A child process for test/audit-archive-crash.e2e-spec.ts: boots the app on DATABASE_URL
 * (no HTTP) and runs one tick of the audit archive, at SCHEDULED_AT if given (a cron tick
 * two replicas race for) or now. Log lines go to stdout; the outcome is the last line.
 */
import 'reflect-metadata';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { ScheduleRunner } from '../../../src/platform/scheduling/schedule-runner.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1' });
const app = await createApp(config, { logStream: { write: (line: string) => process.stdout.write(line) } });
await app.init();
const runner = app.get(ScheduleRunner);
const scheduledAt = process.env.SCHEDULED_AT ? new Date(process.env.SCHEDULED_AT) : null;
const outcome = scheduledAt ? await runner.runTick('audit-archive', scheduledAt) : await runner.runNow('audit-archive');
process.stdout.write(`${JSON.stringify({ outcome })}\n`);
await app.close();
process.exit(0);

/**
 * `npm run audit:restore -- FILE [FILE…]`: puts archived audit entries back (AuditRestorer),
 * with the same configuration as the app (DATABASE_URL, or the embedded database in
 * DATA_DIR while the app is stopped). Each file is checked against its manifest first;
 * restoring one twice changes nothing.
 */
import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { loadConfig } from './config/load-config.js';
import { AuditRestorer } from './modules/audit/infrastructure/audit-restorer.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npm run audit:restore -- FILE.ndjson.gz [FILE…]\n');
  process.exit(2);
}
const app = await createApp(loadConfig());
await app.init();
let failed = false;
try {
  const restorer = app.get(AuditRestorer);
  for (const file of files) {
    try {
      const { month, rows, inserted } = await restorer.restore(file);
      process.stdout.write(`${file}: ${month}, ${inserted} of ${rows} entries restored (${rows - inserted} were there)\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
} finally {
  await app.close();
}
process.exit(failed ? 1 : 0);

/**
 * The operator CLI: `npm run cli -- <command>` (builds first), or `node dist/src/cli.js
 * <command>` in the image. `--help` lists the commands; see src/cli/.
 */
import 'reflect-metadata';
import { runCli } from './cli/run-cli.js';

const exitCode = await runCli(process.env);
// Everything is closed: the process ends by itself. Should a handle stay open all the same,
// the exit code still gets out, with a word about it.
process.exitCode = exitCode;
setTimeout(() => {
  process.stderr.write('warn: the CLI did not end by itself within 5 s of closing (an open handle); exiting\n');
  process.exit(exitCode);
}, 5_000).unref();

/**
 * Lets a child process of a test run the TypeScript sources as vitest does (SWC, decorator
 * metadata): `node --import ./test/support/child/register-ts.mjs script.ts`. Tests that kill
 * a process with SIGKILL need one of their own.
 */
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

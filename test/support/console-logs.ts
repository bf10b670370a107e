// Nest's services need it; '@nestjs/common' itself imports it first. The two services come
// straight from their files, which saves every unit test file loading all of Nest's common.
import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common/services/console-logger.service.js';
import { Logger } from '@nestjs/common/services/logger.service.js';

/**
 * Setup file of every vitest project (vitest.config.ts). Nest's default logger, which code
 * outside an app logs through (a use case under @LogUseCase in a unit test, say), writes
 * straight to process.stdout, past vitest. Here it writes through `console` instead, as
 * the apps of the e2e tests do (test/support/test-app.ts), so that vitest keeps the lines
 * and prints them only for a test that failed (`silent: 'passed-only'`), or all of them
 * when LOG_LEVEL is set. An app started in a test installs its own logger over this one.
 */
Logger.overrideLogger(new ConsoleLogger({ forceConsole: true }));

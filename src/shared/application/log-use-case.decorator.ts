import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { DomainError } from '../domain/domain-error.js';
import { msSince } from './elapsed.js';

export interface LogUseCaseOptions {
  /**
   * The level of the success line: `log` (info) for changes, `debug` for reads, which
   * would otherwise double every GET's request line in production.
   */
  success?: 'log' | 'debug';
}

const logger = new Logger('UseCase');

/**
 * Logs each run of a use case or query method (SPEC-LOG-3): `UseCase executed successfully`
 * (category `business`, with `duration` in ms and the ids of the command in `context`), or
 * `UseCase execution failed` (category `error`, event `usecase_error`, with the error and
 * the input, whose secrets the logger masks): at warn without a stack for a domain error
 * (answered 4xx), at error with the stack for anything else. The error is re-thrown as is.
 * Put it above `@Transactional()`, so that the commit is part of the run.
 *
 * @example
 * @LogUseCase()
 * @Transactional()
 * async execute(command: UpdateCaseCommand): Promise<CaseSnapshot> { ... }
 */
export function LogUseCase(options: LogUseCaseOptions = {}) {
  const success = options.success ?? 'log';
  return <M extends (...args: never[]) => Promise<unknown>>(
    target: object,
    method: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const original = descriptor.value as unknown as (...args: unknown[]) => Promise<unknown>;
    const useCase = target.constructor.name;
    const operation = method === 'execute' ? undefined : String(method);
    const logged = async function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        const result = await original.apply(this, args);
        if (!Logger.isLevelEnabled(success)) return result;
        logger[success]({
          message: 'UseCase executed successfully',
          category: 'business',
          event: 'usecase_executed',
          useCase,
          operation,
          duration: msSince(started),
          context: idsOf(args, result),
        });
        return result;
      } catch (error) {
        logFailure(useCase, operation, msSince(started), args, error);
        throw error;
      }
    };
    Object.defineProperty(logged, 'name', { value: original.name });
    descriptor.value = logged as unknown as M;
  };
}

function logFailure(
  useCase: string,
  operation: string | undefined,
  duration: number,
  args: unknown[],
  error: unknown,
): void {
  const expected = error instanceof DomainError;
  const fields = {
    message: 'UseCase execution failed',
    category: 'error',
    event: 'usecase_error',
    useCase,
    operation,
    duration,
    context: idsOf(args),
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, ...(expected ? { code: error.code } : { stack: error.stack }) }
        : { name: typeof error, message: String(error) },
    input: args.length === 1 ? args[0] : args,
  };
  if (expected) logger.warn(fields);
  else logger.error(fields);
}


/**
 * The ids a run is about: an id passed on its own, the `id` and `...Id` fields of a
 * command, and the `id` of what it returned (the new object of a create).
 */
function idsOf(args: unknown[], result?: unknown): Record<string, unknown> | null {
  const ids: Record<string, unknown> = {};
  for (const arg of args) {
    if (typeof arg === 'string') ids.id ??= arg;
    else if (arg && typeof arg === 'object') {
      for (const [key, value] of Object.entries(arg)) {
        if ((key === 'id' || key.endsWith('Id')) && (typeof value === 'string' || typeof value === 'number')) {
          ids[key] = value;
        }
      }
    }
  }
  const resultId = (result as { id?: unknown } | null | undefined)?.id;
  if (ids.id === undefined && typeof resultId === 'string') ids.id = resultId;
  return Object.keys(ids).length > 0 ? ids : null;
}

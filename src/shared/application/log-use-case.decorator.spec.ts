import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../domain/domain-error.js';
import { LogUseCase } from './log-use-case.decorator.js';

class ThingNotFoundError extends DomainError {
  readonly code = 'THING_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(id: string) {
    super(`thing ${id} does not exist`);
  }
}

class RenameThingUseCase {
  calls = 0;

  @LogUseCase()
  async execute(command: { id: string; ownerId: string; title: string; password?: string }) {
    this.calls++;
    if (command.title === 'missing') throw new ThingNotFoundError(command.id);
    if (command.title === 'boom') throw new TypeError('cannot read properties of undefined');
    return { id: command.id, title: command.title };
  }
}

class GetThingQuery {
  @LogUseCase({ success: 'debug' })
  async execute(id: string) {
    return { id };
  }

  @LogUseCase()
  async preview(id: string) {
    return { id };
  }
}

let log: ReturnType<typeof vi.spyOn>;
let debug: ReturnType<typeof vi.spyOn>;
let warn: ReturnType<typeof vi.spyOn>;
let error: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  log = vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  debug = vi.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const command = { id: 't-1', ownerId: 'u-7', title: 'New title', password: 'hunter2' };

describe('@LogUseCase', () => {
  it('logs a run that succeeded, with its duration and the ids it is about, and returns its result', async () => {
    const useCase = new RenameThingUseCase();
    await expect(useCase.execute(command)).resolves.toEqual({ id: 't-1', title: 'New title' });
    expect(useCase.calls).toBe(1);
    expect(log).toHaveBeenCalledExactlyOnceWith({
      message: 'UseCase executed successfully',
      category: 'business',
      event: 'usecase_executed',
      useCase: 'RenameThingUseCase',
      operation: undefined,
      duration: expect.any(Number),
      context: { id: 't-1', ownerId: 'u-7' },
    });
  });

  it('logs a domain error at warn, without stack, with the input, and re-throws it as is', async () => {
    const failing = new RenameThingUseCase().execute({ ...command, title: 'missing' });
    await expect(failing).rejects.toBeInstanceOf(ThingNotFoundError);
    expect(warn).toHaveBeenCalledExactlyOnceWith({
      message: 'UseCase execution failed',
      category: 'error',
      event: 'usecase_error',
      useCase: 'RenameThingUseCase',
      operation: undefined,
      duration: expect.any(Number),
      context: { id: 't-1', ownerId: 'u-7' },
      error: { name: 'ThingNotFoundError', message: 'thing t-1 does not exist', code: 'THING_NOT_FOUND' },
      // The logger masks `password` when it writes the line (mask-secrets.ts).
      input: { ...command, title: 'missing' },
    });
    expect(error).not.toHaveBeenCalled();
  });

  it('logs an unexpected error at error, with its stack', async () => {
    await expect(new RenameThingUseCase().execute({ ...command, title: 'boom' })).rejects.toBeInstanceOf(TypeError);
    const [fields] = error.mock.calls[0]!;
    expect(fields).toMatchObject({
      message: 'UseCase execution failed',
      category: 'error',
      error: { name: 'TypeError', message: 'cannot read properties of undefined', stack: expect.stringContaining('TypeError') },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('builds no success line when its level is off, and still logs failures', async () => {
    vi.spyOn(Logger, 'isLevelEnabled').mockReturnValue(false);
    const useCase = new RenameThingUseCase();
    await useCase.execute(command);
    expect(log).not.toHaveBeenCalled();
    await expect(useCase.execute({ ...command, title: 'missing' })).rejects.toThrow();
    expect(warn).toHaveBeenCalledOnce();
  });

  it('logs reads at debug; names the method when it is not execute; keeps the method name', async () => {
    const query = new GetThingQuery();
    await query.execute('t-9');
    expect(debug).toHaveBeenCalledWith(expect.objectContaining({ useCase: 'GetThingQuery', context: { id: 't-9' } }));
    await query.preview('t-9');
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ useCase: 'GetThingQuery', operation: 'preview' }));
    expect(query.execute.name).toBe('execute');
  });
});

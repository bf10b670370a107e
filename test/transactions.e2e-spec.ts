import { TransactionHost } from '@nestjs-cls/transactional';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateTaskUseCase } from '../src/modules/tasks/application/update-task.use-case.js';
import { Task } from '../src/modules/tasks/domain/task.aggregate.js';
import { TASK_REPOSITORY, type TaskRepository } from '../src/modules/tasks/domain/task.repository.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let txHost: TransactionHost;
let tasks: TaskRepository;

beforeAll(async () => {
  t = await startTestApp();
  txHost = t.app.get(TransactionHost);
  tasks = t.app.get<TaskRepository>(TASK_REPOSITORY);
});
afterAll(async () => {
  await t?.close();
});

const newTask = (title: string) =>
  Task.create(crypto.randomUUID(), { title }, new Date('2026-11-24T09:00:00Z'));

// The path a cron job or a queue processor takes: no HTTP request, no request context.
describe('transactions outside HTTP', () => {
  it('rolls back every write of a failed unit of work', async () => {
    const first = newTask('first');
    const second = newTask('second');
    await expect(
      txHost.withTransaction(async () => {
        await tasks.insert(first);
        await tasks.insert(second);
        throw new Error('fails after two writes');
      }),
    ).rejects.toThrow('fails after two writes');

    expect(await tasks.findById(first.id)).toBeNull();
    expect(await tasks.findById(second.id)).toBeNull();
  });

  it('commits a unit of work that succeeds', async () => {
    const task = newTask('kept');
    await txHost.withTransaction(async () => tasks.insert(task));
    expect((await tasks.findById(task.id))?.snapshot().title).toBe('kept');
  });

  it('runs a @Transactional use case from a plain call', async () => {
    const task = newTask('plain');
    await tasks.insert(task);
    const updated = await t.app.get(UpdateTaskUseCase).execute({
      id: task.id,
      changes: { status: 'in_progress' },
    });
    expect(updated).toMatchObject({ status: 'in_progress', version: 2 });
  });
});

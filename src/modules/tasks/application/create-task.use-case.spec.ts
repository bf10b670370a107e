import { describe, expect, it, vi } from 'vitest';
import type { AfterCommit } from '../../../shared/application/after-commit.js';
import type { TaskRepository } from '../domain/task.repository.js';
import { CreateTaskUseCase } from './create-task.use-case.js';


const clock = { now: () => new Date('2026-11-24T10:00:00Z') };

describe('CreateTaskUseCase', () => {
  it('records task_created only after the commit', async () => {
    const inserted: string[] = [];
    const tasks = { insert: async (task) => void inserted.push(task.id) } as TaskRepository;
    const deferred: Array<() => void | Promise<void>> = [];
    const afterCommit: AfterCommit = { run: (work) => void deferred.push(work) };
    const events = { record: vi.fn() };

    const task = await new CreateTaskUseCase(tasks, clock, events, afterCommit, { assertAssignable: async () => undefined }, { publish: async () => undefined, followUps: async () => [] }).execute({
      title: 'Report',
      priority: 'high',
    });

    expect(inserted).toEqual([task.id]);
    expect(events.record).not.toHaveBeenCalled();
    for (const work of deferred) await work();
    expect(events.record).toHaveBeenCalledExactlyOnceWith('task_created', {
      taskId: task.id,
      priority: 'high',
      assigneeId: null,
    });
  });
});

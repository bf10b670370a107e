import { describe, expect, it, vi } from 'vitest';
import type { AuditRecord, AuditTrail } from '../../../shared/application/audit-trail.js';
import { StaleVersionError } from '../../../shared/domain/domain-error.js';
import { Task, type TaskSnapshot } from '../domain/task.aggregate.js';
import { TaskNotFoundError } from '../domain/task.errors.js';
import type { TaskRepository } from '../domain/task.repository.js';
import { UpdateTaskUseCase } from './update-task.use-case.js';

vi.mock('@nestjs-cls/transactional', () => ({ Transactional: () => () => undefined }));

const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const noAudit: AuditTrail = { record: async () => undefined };
const anyone = { assertAssignable: async () => undefined };
const stored: TaskSnapshot = {
  ...Task.create('t1', { title: 'Report' }, new Date('2026-11-24T09:00:00Z')).snapshot(),
  version: 1,
};

/** A repository stub whose first `conflicts` updates lose to another writer. */
function repository(conflicts = 0, seed = stored): TaskRepository & { updates: TaskSnapshot[] } {
  let current = seed;
  let remaining = conflicts;
  const updates: TaskSnapshot[] = [];
  return {
    updates,
    findById: async (id) => (id === current.id ? Task.restore(current) : null),
    insert: async () => undefined,
    delete: async () => null,
    update: async (task) => {
      if (remaining-- > 0) {
        current = { ...current, version: current.version + 1, tags: ['other-writer'] };
        throw new StaleVersionError('task', task.id, task.version, current.version);
      }
      if (task.version !== current.version) {
        throw new StaleVersionError('task', task.id, task.version, current.version);
      }
      current = { ...task.snapshot(), version: current.version + 1 };
      task.markPersisted(current.version);
      updates.push(current);
    },
  };
}

const noOutbox = { add: vi.fn(async () => 'message-id') };
const noEvents = { publish: vi.fn(async () => undefined), followUps: async () => [] };

describe('UpdateTaskUseCase', () => {
  it("sends the new assignee a task-assigned e-mail, in the change's transaction, and nobody when the assignee stays", async () => {
    const outbox = { add: vi.fn(async () => 'message-id') };
    const someone = '5f0c7f4e-6a59-4a8e-9d7e-1b2c3d4e5f60';
    await new UpdateTaskUseCase(repository(), clock, noAudit, anyone, outbox, noEvents).execute({ id: 't1', changes: { assigneeId: someone } });
    expect(outbox.add).toHaveBeenCalledExactlyOnceWith('send-email', { template: 'task-assigned', userId: someone, taskId: 't1', title: 'Report' });
    outbox.add.mockClear();
    await new UpdateTaskUseCase(repository(), clock, noAudit, anyone, outbox, noEvents).execute({ id: 't1', changes: { title: 'Renamed' } });
    expect(outbox.add).not.toHaveBeenCalled();
  });

  it('publishes task.assigned for a new assignee and task.completed on the move to done, in the change\'s transaction', async () => {
    const someone = '5f0c7f4e-6a59-4a8e-9d7e-1b2c3d4e5f60';
    const events = { publish: vi.fn(async () => undefined), followUps: async () => [] };
    const inProgress = { ...stored, status: 'in_progress' as const };
    await new UpdateTaskUseCase(repository(0, inProgress), clock, noAudit, anyone, noOutbox, events).execute({ id: 't1', changes: { assigneeId: someone, status: 'done' } });
    expect(events.publish).toHaveBeenCalledOnce();
    const published = (events.publish.mock.calls[0] as unknown as { name: string; data: { taskId: string; status: string } }[]).map((event) => [event.name, event.data.status]);
    expect(published).toEqual([
      ['task.assigned', 'done'],
      ['task.completed', 'done'],
    ]);
    events.publish.mockClear();
    await new UpdateTaskUseCase(repository(), clock, noAudit, anyone, noOutbox, events).execute({ id: 't1', changes: { title: 'Renamed' } });
    expect(events.publish).toHaveBeenCalledExactlyOnceWith();
  });

  it('audits the change it saved, against the state it was finally applied to', async () => {
    const entries: AuditRecord[] = [];
    await new UpdateTaskUseCase(repository(1), clock, { record: async (entry) => void entries.push(entry) }, anyone, noOutbox, noEvents).execute({
      id: 't1',
      changes: { title: 'Renamed', tags: ['mine'] },
    });
    expect(entries).toEqual([
      {
        action: 'task.update',
        resourceType: 'task',
        resourceId: 't1',
        changes: { title: { before: 'Report', after: 'Renamed' }, tags: { before: ['other-writer'], after: ['mine'] } },
      },
    ]);
  });

  it('audits nothing when nothing changed', async () => {
    const audit = { record: vi.fn(async () => undefined) };
    await new UpdateTaskUseCase(repository(), clock, audit, anyone, noOutbox, noEvents).execute({ id: 't1', changes: { title: 'Report' } });
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('re-applies the change to the fresh task when another writer won and no version was given', async () => {
    const tasks = repository(2);
    const result = await new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({
      id: 't1',
      changes: { title: 'Renamed' },
    });
    expect(result).toMatchObject({ title: 'Renamed', tags: ['other-writer'], version: 4 });
    expect(tasks.updates).toHaveLength(1);
  });

  it('reports a stale version instead of retrying when the client named one', async () => {
    const tasks = repository(1);
    await expect(
      new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({ id: 't1', expectedVersions: [1], changes: { title: 'X' } }),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect(tasks.updates).toHaveLength(0);
  });

  it('refuses a version the task is no longer at before changing anything', async () => {
    const tasks = repository();
    await expect(
      new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({ id: 't1', expectedVersions: [7], changes: { title: 'X' } }),
    ).rejects.toMatchObject({ expectedVersions: [7], actualVersion: 1 });
  });

  it('gives up after five lost races', async () => {
    const tasks = repository(5);
    await expect(
      new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({ id: 't1', changes: { title: 'X' } }),
    ).rejects.toBeInstanceOf(StaleVersionError);
  });

  it('writes nothing when nothing changes', async () => {
    const tasks = repository();
    const result = await new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({
      id: 't1',
      changes: { title: 'Report', priority: 'medium' },
    });
    expect(result.version).toBe(1);
    expect(tasks.updates).toHaveLength(0);
  });

  it('reopens a cancelled task before editing it in the same request', async () => {
    const tasks = repository(0, { ...stored, status: 'cancelled' });
    const result = await new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({
      id: 't1',
      changes: { status: 'todo', title: 'Back on' },
    });
    expect(result).toMatchObject({ status: 'todo', title: 'Back on', version: 2 });
  });

  it('edits before cancelling in the same request', async () => {
    const tasks = repository();
    const result = await new UpdateTaskUseCase(tasks, clock, noAudit, anyone, noOutbox, noEvents).execute({
      id: 't1',
      changes: { status: 'cancelled', title: 'Dropped' },
    });
    expect(result).toMatchObject({ status: 'cancelled', title: 'Dropped' });
  });

  it('raises not found for an unknown task', async () => {
    await expect(
      new UpdateTaskUseCase(repository(), clock, noAudit, anyone, noOutbox, noEvents).execute({ id: 'nope', changes: { title: 'X' } }),
    ).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

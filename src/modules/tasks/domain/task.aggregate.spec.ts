import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantViolationError } from '../../../shared/domain/domain-error.js';
import { Task } from './task.aggregate.js';
import { InvalidTaskTransitionError, TaskCancelledError } from './task.errors.js';
import { TASK_STATUSES, type TaskStatus } from './task-status.js';

const T0 = new Date('2026-11-24T09:00:00Z');
const T1 = new Date('2026-11-24T10:00:00Z');
const newTask = (input = {}) => Task.create('id-1', { title: 'Write the report', ...input }, T0);

describe('Task.create', () => {
  it('applies defaults and normalises the input', () => {
    const task = newTask({ title: '  Report ', tags: ['Legal', 'legal ', 'q4'] });
    expect(task.snapshot()).toEqual({
      id: 'id-1',
      version: 0,
      title: 'Report',
      description: '',
      priority: 'medium',
      status: 'todo',
      dueDate: null,
      assigneeId: null,
      tags: ['legal', 'q4'],
      createdBy: null,
      createdAt: T0,
      updatedAt: T0,
    });
  });

  it('belongs to who created it and to who it is assigned', () => {
    const task = newTask({ createdBy: 'u-1', assigneeId: 'u-2' });
    expect([task.isOwnedBy('u-1'), task.isOwnedBy('u-2'), task.isOwnedBy('u-3')]).toEqual([true, true, false]);
  });

  it.each([
    [{ title: ' ' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ description: 'x'.repeat(10_001) }, 'description'],
    [{ priority: 'p1' }, 'priority'],
    [{ dueDate: '2026-02-29' }, 'dueDate'],
    [{ tags: ['a b'] }, 'tags'],
    [{ tags: ['-leading'] }, 'tags'],
    [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
  ])('refuses %o naming %s', (input, field) => {
    const attempt = () => newTask(input);
    expect(attempt).toThrow(InvariantViolationError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvariantViolationError).fields[0]?.field).toBe(field);
    }
  });
});

describe('Task status', () => {
  it('moves todo -> in_progress -> done -> todo and records the time', () => {
    const task = newTask();
    task.moveTo('in_progress', T1);
    task.moveTo('done', T1);
    task.reopen(T1);
    expect(task.status).toBe('todo');
    expect(task.snapshot().updatedAt).toBe(T1);
    expect(task.hasChanges).toBe(true);
  });

  it.each<[TaskStatus, TaskStatus]>([
    ['todo', 'done'],
    ['in_progress', 'todo'],
    ['done', 'in_progress'],
    ['done', 'cancelled'],
    ['cancelled', 'done'],
  ])('refuses %s -> %s', (from, to) => {
    const task = Task.restore({ ...newTask().snapshot(), status: from, version: 3 });
    expect(() => task.moveTo(to, T1)).toThrow(InvalidTaskTransitionError);
    expect(task.status).toBe(from);
    expect(task.hasChanges).toBe(false);
  });

  it('follows the transition table for any sequence of moves (property)', () => {
    const allowed: Record<TaskStatus, TaskStatus[]> = {
      todo: ['todo', 'in_progress', 'cancelled'],
      in_progress: ['in_progress', 'done', 'cancelled'],
      done: ['done', 'todo'],
      cancelled: ['cancelled', 'todo'],
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TASK_STATUSES), { maxLength: 30 }), (moves) => {
        const task = newTask();
        for (const target of moves) {
          const from = task.status;
          try {
            task.moveTo(target, T1);
            expect(allowed[from]).toContain(target);
            expect(task.status).toBe(target);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidTaskTransitionError);
            expect(allowed[from]).not.toContain(target);
            expect(task.status).toBe(from);
          }
        }
      }),
    );
  });
});

describe('Task changes', () => {
  it('counts setting a field to its current value as no change', () => {
    const task = newTask({ tags: ['a'], dueDate: '2026-12-01' });
    task.rename('Write the report', T1);
    task.retag(['A'], T1);
    task.scheduleFor('2026-12-01', T1);
    task.assignTo(null, T1);
    expect(task.hasChanges).toBe(false);
    expect(task.snapshot().updatedAt).toBe(T0);
  });

  it('refuses changes to a cancelled task, but not a no-op', () => {
    const task = newTask();
    task.moveTo('cancelled', T1);
    task.rename('Write the report', T1);
    expect(() => task.rename('Other', T1)).toThrow(TaskCancelledError);
    task.reopen(T1);
    task.rename('Other', T1);
    expect(task.snapshot().title).toBe('Other');
  });

  it('normalises tags idempotently (property)', () => {
    const tag = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.:/-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 20 }), (tags) => {
        const once = newTask({ tags }).snapshot().tags;
        const twice = newTask({ tags: once }).snapshot().tags;
        expect(twice).toEqual(once);
        expect(new Set(once).size).toBe(once.length);
        for (const t of once) expect(t).toBe(t.toLowerCase());
      }),
    );
  });
});

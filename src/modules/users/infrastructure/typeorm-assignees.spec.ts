import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotAssignableError } from '../../../shared/application/assignees.js';
import { ACTIVE_FOR_MS, TypeOrmAssignees } from './typeorm-assignees.js';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

/** Assignees over a users table holding `active` ids; counts the reads. */
function assignees(active: Set<string>) {
  const query = vi.fn(async (_sql: string, [ids]: [string[]]) => ids.filter((id) => active.has(id)).map((id) => ({ id })));
  return { assignees: new TypeOrmAssignees({ tx: { query } } as never), query };
}

afterEach(() => vi.useRealTimers());

describe('TypeOrmAssignees', () => {
  it('reads once for a request, names every refused field, and asks again for one refused', async () => {
    const { assignees: a, query } = assignees(new Set([ALICE]));
    await expect(
      a.assertAssignable([
        { field: 'assignees.a', userId: ALICE },
        { field: 'assignees.b', userId: BOB },
        { field: 'assignees.c', userId: 'not-a-uuid' },
      ]),
    ).rejects.toMatchObject({ fields: [{ field: 'assignees.b' }, { field: 'assignees.c' }] });
    expect(query).toHaveBeenCalledTimes(1);
    await expect(a.assertAssignable([{ field: 'assigneeId', userId: BOB }])).rejects.toBeInstanceOf(NotAssignableError);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('takes a user seen active as active for ACTIVE_FOR_MS, then asks again', async () => {
    vi.useFakeTimers();
    const active = new Set([ALICE]);
    const { assignees: a, query } = assignees(active);
    await a.assertAssignable([{ field: 'assigneeId', userId: ALICE }]);
    active.delete(ALICE);
    vi.advanceTimersByTime(ACTIVE_FOR_MS - 1);
    await a.assertAssignable([{ field: 'assigneeId', userId: ALICE.toUpperCase() }]);
    expect(query).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await expect(a.assertAssignable([{ field: 'assigneeId', userId: ALICE }])).rejects.toBeInstanceOf(NotAssignableError);
    expect(query).toHaveBeenCalledTimes(2);
  });
});

import { describe, expect, it } from 'vitest';
import { ProvisioningFailure, TaskQueue } from '../../../../okta-sim/scim/tasks';

describe('TaskQueue', () => {
  it('runs tasks one at a time in order and records failures without stopping', async () => {
    const order: string[] = [];
    const unexpected: unknown[] = [];
    const q = new TaskQueue(
      () => new Date('2030-01-01T00:00:00Z'),
      (e) => unexpected.push(e),
    );
    q.enqueue('user.push', 'u1', async () => {
      order.push('u1:start');
      await Promise.resolve();
      order.push('u1:end');
    });
    q.enqueue('user.push', 'u2', async () => {
      order.push('u2');
      throw new ProvisioningFailure(409, 'taken');
    });
    q.enqueue('user.update', 'u3', async () => {
      throw new RangeError('bug');
    });
    await q.idle();
    expect(order).toEqual(['u1:start', 'u1:end', 'u2']);
    expect(q.tasks().map((t) => [t.targetId, t.status])).toEqual([
      ['u1', 'SUCCESS'],
      ['u2', 'FAILED'],
      ['u3', 'FAILED'],
    ]);
    expect(q.tasks()[1]?.error).toBe('SCIM server answered 409: taken');
    // Only the unexpected error is reported as such.
    expect(unexpected).toHaveLength(1);
  });
});

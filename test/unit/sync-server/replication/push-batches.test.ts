/**
 * How pushes are grouped into transactions (push-batches.ts): a push alone starts at once; pushes
 * that arrive while every transaction is taken go together into the next, in arrival order and
 * within the rows one push may carry; one failing push of a group fails alone.
 */
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../../dev/stack/workspace-factory';
import { PUSH_ROWS_MAX, type ServerPushConflict } from '../../../../domain/wire/replication';
import type { PushRequest, PushRow } from '../../../../sync-server/replication/push';
import { PushBatches } from '../../../../sync-server/replication/push-batches';

const row = (id: string): PushRow => ({ newDocumentState: { id, _deleted: true } });
const push = (name: string, rows = 1): PushRequest => ({
  principal: { user: makeUser({ id: name }), deviceId: null },
  collection: 'accounts',
  rows: Array.from({ length: rows }, (_, i) => row(`${name}-${i}`)),
});
const names = (requests: readonly PushRequest[]) => requests.map((r) => r.principal.user.id);

/** A transaction runner whose transactions end when the test says so. */
function gatedRunner(fail: (r: PushRequest) => boolean = () => false) {
  const started: string[][] = [];
  const gates: (() => void)[] = [];
  const apply = (requests: readonly PushRequest[]): Promise<ServerPushConflict[][]> => {
    started.push(names(requests));
    return new Promise((resolve, reject) => {
      gates.push(() => {
        if (requests.some(fail)) reject(new Error('refused by the store'));
        else resolve(requests.map((r) => [{ document: { id: r.principal.user.id, _deleted: true } }]));
      });
    });
  };
  const endAll = async () => {
    while (gates.length > 0) {
      for (const end of gates.splice(0)) end();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { started, apply, endAll };
}

describe('grouping pushes into transactions', () => {
  it('starts a push at once while a transaction is free, and groups those that wait, in order', async () => {
    const runner = gatedRunner();
    const pushes = new PushBatches(runner.apply, 2);
    const answers = ['ann', 'bob', 'cy', 'dan', 'eve'].map((n) => pushes.push(push(n)));
    expect(runner.started).toEqual([['ann'], ['bob']]);
    await runner.endAll();
    expect(runner.started).toEqual([['ann'], ['bob'], ['cy', 'dan', 'eve']]);
    // Each push gets its own answer.
    expect((await Promise.all(answers)).map((a) => a[0]?.document.id)).toEqual(['ann', 'bob', 'cy', 'dan', 'eve']);
  });

  it('puts no more rows in one transaction than one push may carry', async () => {
    const runner = gatedRunner();
    const pushes = new PushBatches(runner.apply, 1);
    const half = PUSH_ROWS_MAX / 2;
    const all = [push('first'), push('ann', half), push('bob', half), push('cy', 1), push('dan', PUSH_ROWS_MAX)].map(
      (p) => pushes.push(p),
    );
    await runner.endAll();
    await Promise.all(all);
    expect(runner.started).toEqual([['first'], ['ann', 'bob'], ['cy'], ['dan']]);
  });

  it('runs each push of a failed group on its own, so only the failing push fails', async () => {
    const runner = gatedRunner((r) => r.principal.user.id === 'bob');
    const pushes = new PushBatches(runner.apply, 1);
    const settling = Promise.allSettled(['first', 'ann', 'bob', 'cy'].map((n) => pushes.push(push(n))));
    await runner.endAll();
    expect((await settling).map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(runner.started).toEqual([['first'], ['ann', 'bob', 'cy'], ['ann'], ['bob'], ['cy']]);
  });
});

/**
 * Pushes of one record at the same time, through the real server on PostgreSQL, where each push
 * is a transaction on its own pooled connection: a push locks the record before it compares the
 * assumed master state with the stored one, so exactly one of several pushes made from the same
 * state wins and every other one is answered with the winner's state (no lost update), however
 * the server sends the lock and the read to PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { Account } from '../../../domain/records';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('postgres');
});
afterAll(async () => {
  await world?.close();
});

interface PushAnswer {
  conflicts: { document: Account & { _deleted: boolean } }[];
}

describe('concurrent pushes of one record', () => {
  it('accepts exactly one of twenty pushes made from the same state; the others get its state back', async () => {
    const stored = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
    if (stored === null) throw new Error('the seeded world has acct-shared');
    const base = { ...stored, _deleted: false };
    const token = await world.token('ada');
    const labels = Array.from({ length: 20 }, (_, i) => `device-${i}`);

    const answers = await Promise.all(
      labels.map(async (label) => {
        const res = await fetch(`${world.server.url}/api/v1/replication/accounts/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify([{ newDocumentState: { ...base, labels: [label] }, assumedMasterState: base }]),
        });
        expect(res.status).toBe(200);
        return { label, answer: (await res.json()) as PushAnswer };
      }),
    );

    const winners = answers.filter((a) => a.answer.conflicts.length === 0).map((a) => a.label);
    expect(winners).toHaveLength(1);
    const after = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
    expect(after?.labels).toEqual(winners);
    for (const { answer } of answers.filter((a) => a.answer.conflicts.length > 0)) {
      expect(answer.conflicts[0]?.document.labels).toEqual(winners);
    }
  });
});

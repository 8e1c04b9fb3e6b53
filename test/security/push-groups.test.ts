/**
 * A server under load writes several users' pushes in one transaction. A push that rides in the
 * same transaction as an owner's push must gain nothing from it: pushed all at once, a member
 * with no access to an account is refused every time (and learns nothing of it), whatever the
 * owner's pushes beside it do, and the audit log shows nothing in the member's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { Account } from '../../domain/records';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

async function push(person: Person, rows: unknown[]) {
  const res = await fetch(`${world.server.url}/api/v1/replication/accounts/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await world.token(person)}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { conflicts: { document: Record<string, unknown> }[] };
}

describe('pushes written together', () => {
  it('keep each user to their own rights: the member is refused beside the owner, every time', async () => {
    const { db, repo } = world.server;
    const priv = (await repo.get(db, 'accounts', 'acct-private')) as Account;
    const head = await repo.headSeq(db);
    const live = (labels: string[]) => ({ ...priv, labels, _deleted: false });
    // Many at once, so the server groups them: the owner's edits and the member's forgeries interleaved.
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0
          ? push('ada', [{ newDocumentState: live([`owner-${i}`]), assumedMasterState: live(priv.labels) }])
          : push('cy', [{ newDocumentState: live([`forged-${i}`]), assumedMasterState: live(priv.labels) }]),
      ),
    );
    const cy = answers.filter((_, i) => i % 2 === 1);
    // Cy never sees the account, not even the owner's edit pushed with theirs.
    for (const answer of cy) expect(answer.conflicts).toEqual([{ document: { id: 'acct-private', _deleted: true } }]);
    const labels = ((await repo.get(db, 'accounts', 'acct-private')) as Account).labels;
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatch(/^owner-/);
    const events = await db.query<{ actor_id: string }>('select actor_id from audit_events where seq > $1', [head]);
    expect(events.map((e) => e.actor_id)).toEqual(['user-ada']);
  });
});

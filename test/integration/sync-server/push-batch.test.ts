/**
 * A push is written in batches (sync-server/replication/push.ts, RecordsRepo.putMany), yet must
 * read exactly as if each row were applied in turn: later rows judged with earlier ones applied,
 * one audit event and one fresh seq per accepted change, in the order the rows came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount } from '../../../dev/stack/workspace-factory';
import type { Account } from '../../../domain/records';
import { ownerShareId } from '../../../sync-server/replication/push';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

const push = async (person: Person, collection: string, rows: unknown[]) => {
  const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await world.token(person)}` },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { conflicts: { reason?: string; document: { id: string } }[] };
};
const account = async (id: string): Promise<Account> => {
  const found = await world.server.repo.get(world.server.db, 'accounts', id);
  if (found === null) throw new Error(`expected account ${id} on the server`);
  return found;
};
const live = (doc: object) => ({ ...doc, _deleted: false });

describe('a push of many rows', () => {
  it('applies them in order: a record edited twice keeps the second edit, a refused row writes nothing, each change is audited once', async () => {
    const head = await world.server.repo.headSeq(world.server.db);
    const shared = live(await account('acct-shared'));
    const priv = live(await account('acct-private'));
    const firstEdit = { ...shared, labels: ['first'] };
    const privEdit = { ...priv, labels: ['private-1'] };
    const created = live({ ...makeAccount({ id: 'acct-batch-new', name: 'Made in a batch' }), labels: [] });

    const { conflicts } = await push('ada', 'accounts', [
      { newDocumentState: firstEdit, assumedMasterState: shared },
      { newDocumentState: privEdit, assumedMasterState: priv },
      // Judged against the first edit, which this same push wrote.
      { newDocumentState: { ...firstEdit, labels: ['second'] }, assumedMasterState: firstEdit },
      { newDocumentState: { ...priv, oktaAppId: '0oaForged' }, assumedMasterState: privEdit },
      { newDocumentState: created, assumedMasterState: null },
      { newDocumentState: { ...privEdit, labels: ['private-2'] }, assumedMasterState: privEdit },
    ]);

    expect(conflicts.map((c) => [c.document.id, c.reason])).toEqual([['acct-private', 'server_owned_field']]);
    expect((await account('acct-shared')).labels).toEqual(['second']);
    expect((await account('acct-private')).labels).toEqual(['private-2']);
    expect((await account('acct-private')).oktaAppId).toBeNull();
    expect((await account('acct-batch-new')).name).toBe('Made in a batch');

    const events = await world.server.db.query<{ record_id: string; action: string; seq: number; actor_id: string }>(
      'select record_id, action, seq, actor_id from audit_events where seq > $1 order by id',
      [head],
    );
    expect(events.map((e) => [e.record_id, e.action])).toEqual([
      ['acct-shared', 'account.editLabels'],
      ['acct-private', 'account.editLabels'],
      ['acct-shared', 'account.editLabels'],
      ['acct-batch-new', 'account.create'],
      [ownerShareId('account', 'acct-batch-new'), 'item.shareWithCreator'],
      ['acct-private', 'account.editLabels'],
    ]);
    expect(events.every((e) => e.actor_id === 'user-ada')).toBe(true);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // A replica pulling after this push finds each record at the seq of its last change.
    const stored = await world.server.repo.getRow(world.server.db, 'accounts', 'acct-private');
    expect(stored?.seq).toBe(seqs[5]);
  });

  it('writes every credentials edit of one push, sealed, with the changed field named and no secret in the audit log', async () => {
    const head = await world.server.repo.headSeq(world.server.db);
    const rows = [];
    for (const id of ['acct-shared', 'acct-private']) {
      const current = await world.server.repo.get(world.server.db, 'credentials', id);
      if (current === null) throw new Error(`expected credentials of ${id}`);
      rows.push({
        newDocumentState: live({ ...current, password: `rotated-${id}` }),
        assumedMasterState: live(current),
      });
    }
    expect((await push('ada', 'credentials', rows)).conflicts).toEqual([]);
    for (const id of ['acct-shared', 'acct-private']) {
      expect((await world.server.repo.get(world.server.db, 'credentials', id))?.password).toBe(`rotated-${id}`);
    }
    const events = await world.server.db.query<{ detail: { fields: string[] } }>(
      'select detail from audit_events where seq > $1 order by id',
      [head],
    );
    expect(events.map((e) => e.detail.fields)).toEqual([['password'], ['password']]);
    const [raw] = await world.server.db.query<{ text: string }>(
      "select string_agg(doc::text || coalesce(sealed, ''), '') as text from records where collection = 'credentials'",
    );
    expect(raw?.text).not.toContain('rotated-');
  });
});

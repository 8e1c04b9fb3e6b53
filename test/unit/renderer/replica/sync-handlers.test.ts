import { describe, expect, it } from 'vitest';
import { makeAccount, makeCredentials, makeShare } from '../../../../dev/stack/workspace-factory';
import type { LatchkeyApi } from '../../../../domain/ipc-contract';
import type { CollectionName, RecordOf } from '../../../../domain/wire/collections';
import { isLocalOwnerShare, ownerShareId } from '../../../../renderer/src/replica/owner-share';
import { createPendingChanges } from '../../../../renderer/src/replica/pending-changes';
import { SyncFailedError, SyncOfflineError } from '../../../../renderer/src/replica/sync-errors';
import {
  conflictHandler,
  createRefusals,
  type HandlerDeps,
  pullHandler,
  pushHandler,
  type SyncIssue,
} from '../../../../renderer/src/replica/sync-handlers';
import { ownerShareId as serverOwnerShareId } from '../../../../sync-server/replication/push';

// The host is the edge here: `invoke` answers as main's dispatch does (IPC result wrapping the
// service outcome), so these tests pin how the replica reads those answers.
function deps(answer: (channel: string, input: unknown) => unknown, held: readonly string[] = []) {
  const issues: SyncIssue[] = [];
  const sent: Array<{ channel: string; input: unknown }> = [];
  const map = new Map<string, string>();
  const pending = createPendingChanges(
    { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) },
    'p',
  );
  const value: HandlerDeps = {
    invoke: (async (channel: string, input: unknown) => {
      sent.push({ channel, input });
      return answer(channel, input);
    }) as LatchkeyApi['invoke'],
    pending,
    report: (issue) => issues.push(issue),
    onlineOrAfter: async () => {},
    localIds: async () => held,
  };
  return { value, issues, sent, pending };
}

const account = makeAccount({ id: 'acct-1', name: 'Brand Instagram' });
const live = { ...account, _deleted: false };

describe('pull', () => {
  it('asks the host from the checkpoint and hands RxDB the documents and the next checkpoint', async () => {
    const d = deps(() => ({ ok: true, value: { ok: true, value: { documents: [live], checkpoint: { seq: 7 } } } }));
    const result = await pullHandler('accounts', d.value)({ seq: 3 }, 100);
    expect(d.sent).toEqual([
      { channel: 'sync:pull', input: { collection: 'accounts', checkpoint: { seq: 3 }, limit: 100 } },
    ]);
    expect(result).toEqual({ documents: [live], checkpoint: { seq: 7 } });
  });

  it('throws a named error RxDB retries: offline, or a refusal with the server’s code', async () => {
    const offline = deps(() => ({
      ok: true,
      value: { ok: false, code: 'offline', reason: 'sync server unreachable' },
    }));
    await expect(pullHandler('accounts', offline.value)(undefined, 10)).rejects.toBeInstanceOf(SyncOfflineError);
    const refused = deps(() => ({ ok: true, value: { ok: false, code: 'user_inactive', reason: 'Deactivated.' } }));
    await expect(pullHandler('accounts', refused.value)(undefined, 10)).rejects.toMatchObject({
      name: 'SyncFailedError',
      code: 'user_inactive',
    });
  });

  it('takes a lost connection to the host as offline, with the host’s message', async () => {
    const message = 'The connection to the Latchkey host closed. Start Latchkey again.';
    const lost = deps(() => ({ ok: false, code: 'disconnected', message }));
    const error = await pullHandler('accounts', lost.value)(undefined, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncOfflineError);
    expect((error as Error).message).toBe(message);
  });

  it('after a restore (resync answer) pulls every page of the new epoch and drops what did not come back, except unpushed changes', async () => {
    const epoch = '0b6f3c1e-7d2a-4c55-9e1f-2a3b4c5d6e7f';
    const kept = { ...makeAccount({ id: 'acct-kept', name: 'Kept' }), _deleted: false };
    const restored = { ...makeAccount({ id: 'acct-restored', name: 'Deleted after the backup' }), _deleted: false };
    const ok = (value: unknown) => ({ ok: true, value: { ok: true, value } });
    const d = deps(
      (_channel, input) => {
        const { checkpoint } = input as { checkpoint: { seq: number; epoch?: string } | null };
        if (checkpoint?.epoch !== epoch) return ok({ documents: [], checkpoint: { seq: 0, epoch }, resync: true });
        if (checkpoint.seq === 0) return ok({ documents: [kept], checkpoint: { seq: 4, epoch } });
        if (checkpoint.seq === 4) return ok({ documents: [restored], checkpoint: { seq: 9, epoch } });
        return ok({ documents: [], checkpoint: { seq: 9, epoch } });
      },
      ['acct-kept', 'acct-made-after-the-backup', 'acct-typed-offline'],
    );
    d.pending.add('accounts', 'acct-typed-offline');
    const result = await pullHandler('accounts', d.value)({ seq: 40, epoch: 'aaaaaaaa-old-epoch' }, 1);
    expect(d.sent.map((s) => (s.input as { checkpoint: unknown }).checkpoint)).toEqual([
      { seq: 40, epoch: 'aaaaaaaa-old-epoch' },
      { seq: 0, epoch },
      { seq: 4, epoch },
      { seq: 9, epoch },
    ]);
    expect(result).toEqual({
      documents: [kept, restored, { id: 'acct-made-after-the-backup', _deleted: true }],
      checkpoint: { seq: 9, epoch },
    });
  });

  // Main parses the server's answer with the wire schema (main/services/sync-proxy/); one outside
  // the contract arrives here as its failure (test/unit/main/services/sync-proxy/).
  it('throws main’s bad_response failure for an answer outside the wire contract', async () => {
    const reason = 'the sync server answered outside the wire contract';
    const d = deps(() => ({ ok: true, value: { ok: false, code: 'bad_response', reason, status: 200 } }));
    const error = await pullHandler('accounts', d.value)(undefined, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncFailedError);
    expect(error).toMatchObject({ code: 'bad_response', message: reason });
  });
});

describe('push and conflicts', () => {
  const mine = { ...live, name: 'Brand Instagram EU' };
  const row = { newDocumentState: mine, assumedMasterState: live };

  it('a refused change is reported with the server’s reason and resolves to the server’s state', async () => {
    const d = deps(() => ({
      ok: true,
      value: {
        ok: true,
        value: {
          conflicts: [
            { document: live, reason: 'not_item_owner', message: 'Only the account’s owners can edit its details.' },
          ],
        },
      },
    }));
    const refusals = createRefusals();
    d.pending.add('accounts', 'acct-1');
    const conflicts = await pushHandler('accounts', d.value, refusals)([row as never]);
    expect(conflicts).toEqual([live]);
    expect(d.issues).toEqual([
      {
        kind: 'refused',
        collection: 'accounts',
        docId: 'acct-1',
        label: 'Brand Instagram EU',
        reason: 'not_item_owner',
        message: 'Only the account’s owners can edit its details.',
      },
    ]);
    expect(d.pending.count()).toBe(0);
    const resolved = await conflictHandler('accounts', refusals).resolve(
      { newDocumentState: mine, realMasterState: live, assumedMasterState: live } as never,
      'test',
    );
    expect(resolved).toEqual(live);
  });

  it('a stale change is reported as merged and keeps the fields only this device changed', async () => {
    const theirs = { ...live, labels: ['social', 'urgent'] };
    const d = deps(() => ({ ok: true, value: { ok: true, value: { conflicts: [{ document: theirs }] } } }));
    const refusals = createRefusals();
    await pushHandler('accounts', d.value, refusals)([row as never]);
    expect(d.issues[0]?.kind).toBe('merged');
    const resolved = await conflictHandler('accounts', refusals).resolve(
      { newDocumentState: mine, realMasterState: theirs, assumedMasterState: live } as never,
      'test',
    );
    expect(resolved).toMatchObject({ name: 'Brand Instagram EU', labels: ['social', 'urgent'] });
  });

  it('treats states that differ only in the server’s timestamp as equal', () => {
    const handler = conflictHandler('accounts', createRefusals());
    expect(handler.isEqual(live as never, { ...live, updatedAt: '2030-01-01T00:00:00.000Z' } as never, 'test')).toBe(
      true,
    );
    expect(handler.isEqual(live as never, mine as never, 'test')).toBe(false);
  });
});

describe('push order: an item before what hangs on it', () => {
  // Collections replicate independently. A new account's credentials or a share of it pushed before
  // the account itself reach a server that does not know the account yet, which refuses them, and
  // the password typed in is lost. So a row waits while the item it needs is still pending.
  const noConflicts = () => ({ ok: true, value: { ok: true, value: { conflicts: [] } } });
  const pushedItems = (d: ReturnType<typeof deps>) => d.sent.map((s) => (s.input as { collection: string }).collection);

  /** One row pushed as RxDB hands it over: the new state of a live record. */
  const push = <C extends CollectionName>(d: ReturnType<typeof deps>, collection: C, doc: RecordOf[C]) =>
    pushHandler(collection, d.value, createRefusals())([{ newDocumentState: { ...doc, _deleted: false } } as never]);

  it('pushes a new account’s credentials and shares only after the account has been answered', async () => {
    const d = deps(noConflicts);
    d.pending.add('accounts', 'acct-new');
    const credentials = push(d, 'credentials', makeCredentials('acct-new'));
    const share = push(d, 'shares', makeShare({ account: 'acct-new' }, { user: 'user-bob' }));
    await push(d, 'accounts', makeAccount({ id: 'acct-new' }));
    await Promise.all([credentials, share]);
    expect(pushedItems(d)).toEqual(['accounts', 'credentials', 'shares']);
  });

  it('pushes an account moved into a new collection after the collection', async () => {
    const d = deps(noConflicts);
    d.pending.add('collections', 'coll-new');
    const account = push(d, 'accounts', makeAccount({ id: 'acct-1', collectionId: 'coll-new' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushedItems(d)).toEqual([]);
    d.pending.settle('collections', ['coll-new']);
    await account;
    expect(pushedItems(d)).toEqual(['accounts']);
  });

  it('does not wait for an item that is not pending, nor for a removal', async () => {
    const d = deps(noConflicts);
    d.pending.add('accounts', 'acct-gone');
    await pushHandler(
      'credentials',
      d.value,
      createRefusals(),
    )([
      { newDocumentState: { ...makeCredentials('acct-1'), _deleted: false } } as never,
      { newDocumentState: { ...makeCredentials('acct-gone'), _deleted: true } } as never,
    ]);
    expect(pushedItems(d)).toEqual(['credentials']);
  });
});

describe('the creator’s owner share', () => {
  it('has the id the server gives it, so the server’s copy replaces the local one', async () => {
    expect(await ownerShareId('account', 'acct-1')).toBe(serverOwnerShareId('account', 'acct-1'));
    expect(await ownerShareId('collection', 'col_9')).toBe(serverOwnerShareId('collection', 'col_9'));
  });
  it('is never pushed while it lives; removing it is pushed', () => {
    expect(isLocalOwnerShare({ id: 'own-abc', _deleted: false })).toBe(true);
    expect(isLocalOwnerShare({ id: 'own-abc', _deleted: true })).toBe(false);
    expect(isLocalOwnerShare({ id: 'shr_1', _deleted: false })).toBe(false);
  });
});

/**
 * Under load a server applies several users' pushes in one transaction (push-batches.ts, push.ts
 * `pushAll`). Each must read exactly as if it had been applied on its own, one after another:
 * judged with its own user's rights and the earlier pushes applied, answered with its own
 * conflicts, audited under its own user; and one push's failure is not the others'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { Account } from '../../../domain/records';
import type { CollectionName } from '../../../domain/wire/collections';
import type { ServerPushConflict } from '../../../domain/wire/replication';
import { type PushRequest, type PushRow, pushAll } from '../../../sync-server/replication/push';
import { PushBatches } from '../../../sync-server/replication/push-batches';

describe.each(['pglite', 'postgres'] as const)('pushes applied together (%s)', (store) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(store);
  });
  afterAll(async () => {
    await world?.close();
  });

  const deps = () => ({ db: world.server.db, repo: world.server.repo, cache: world.server.built.cache });
  const request = (person: Exclude<Person, 'zed'>, collection: CollectionName, rows: PushRow[]): PushRequest => ({
    principal: { user: world.users[person], deviceId: `${person}-laptop` },
    collection,
    rows,
  });
  const account = async (id: string) => (await world.server.repo.get(world.server.db, 'accounts', id)) as Account;
  const live = (doc: Account) => ({ ...doc, _deleted: false as const });
  const labelled = (doc: Account, labels: string[]): PushRow => ({
    newDocumentState: live({ ...doc, labels }),
    assumedMasterState: live(doc),
  });
  const reasons = (conflicts: ServerPushConflict[]) => conflicts.map((c) => [c.document.id, c.reason ?? 'stale']);

  it('judges each push with its own rights, after the pushes before it, and audits it as its own', async () => {
    const head = await world.server.repo.headSeq(world.server.db);
    const shared = await account('acct-shared');
    const priv = await account('acct-private');
    const answers = await pushAll(deps(), [
      request('ada', 'accounts', [labelled(shared, ['ada'])]),
      // Bob read the account before Ada's edit: stale, answered with her edit.
      request('bob', 'accounts', [labelled(shared, ['bob'])]),
      // Cy cannot see Ada's private account, even pushed together with Ada's edit of it.
      request('cy', 'accounts', [labelled(priv, ['cy'])]),
      request('ada', 'accounts', [labelled(priv, ['ada-private'])]),
      // Lou (a Login-only collaborator) may not move the login page Ada's edit left in place.
      request('lou', 'accounts', [
        {
          newDocumentState: live({ ...shared, labels: ['ada'], loginUrl: 'https://attacker.example/login' }),
          assumedMasterState: live({ ...shared, labels: ['ada'] }),
        },
      ]),
    ]);

    expect(answers.map(reasons)).toEqual([
      [],
      [['acct-shared', 'stale']],
      [['acct-private', 'stale']],
      [],
      [['acct-shared', 'login_only']],
    ]);
    expect(answers[1]?.[0]?.document).toMatchObject({ labels: ['ada'] });
    // Cy learns nothing of the account: a tombstone.
    expect(answers[2]?.[0]?.document).toEqual({ id: 'acct-private', _deleted: true });
    expect((await account('acct-shared')).labels).toEqual(['ada']);
    expect((await account('acct-private')).labels).toEqual(['ada-private']);
    const events = await world.server.db.query<{ record_id: string; actor_id: string; device_id: string }>(
      'select record_id, actor_id, device_id from audit_events where seq > $1 order by id',
      [head],
    );
    expect(events.map((e) => [e.record_id, e.actor_id, e.device_id])).toEqual([
      ['acct-shared', 'user-ada', 'ada-laptop'],
      ['acct-private', 'user-ada', 'ada-laptop'],
    ]);
  });

  it('runs each push of a failed group again on its own: only the failing one fails', async () => {
    const shared = await account('acct-shared');
    const priv = await account('acct-private');
    const groups: number[] = [];
    const pushes = new PushBatches((requests) => {
      groups.push(requests.length);
      return pushAll(deps(), requests);
    }, 1);
    // A record the store refuses (an account whose login URL is not a URL) fails its transaction.
    const broken: PushRow = {
      newDocumentState: { ...live(priv), loginUrl: 'not a url' } as PushRow['newDocumentState'],
      assumedMasterState: live(priv),
    };
    const first = pushes.push(request('ada', 'accounts', [labelled(shared, ['first'])]));
    const grouped = [
      pushes.push(request('bob', 'accounts', [labelled({ ...shared, labels: ['first'] }, ['bob'])])),
      pushes.push(request('ada', 'accounts', [broken])),
    ];
    await first;
    const [bob, ada] = await Promise.allSettled(grouped);
    expect(groups).toEqual([1, 2, 1, 1]);
    expect(bob).toEqual({ status: 'fulfilled', value: [] });
    expect(ada?.status).toBe('rejected');
    expect((await account('acct-shared')).labels).toEqual(['bob']);
    expect((await account('acct-private')).loginUrl).toBe(priv.loginUrl);
  });
});

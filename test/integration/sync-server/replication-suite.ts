/**
 * The replication behaviour users rely on, run against each store (PGlite and PostgreSQL):
 * two real RxDB replicas replicate through a real server with real Okta-simulator tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replica, startReplica } from '../../../dev/stack/rxdb-replica';
import { removeRecords, seedRecords } from '../../../dev/stack/seed-records';
import type { StoreKind } from '../../../dev/stack/stack';
import { OKTA_IDS, type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount, makeCredentials, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { CollectionName } from '../../../domain/wire/collections';
import { ownerShareId } from '../../../sync-server/replication/push';

export function replicationSuite(store: StoreKind): void {
  describe(`replication through the sync server (${store})`, () => {
    let world: SyncWorld;
    const replicas: Replica[] = [];
    const replicaOf = async (person: Person, device: string, collections: CollectionName[]): Promise<Replica> => {
      const r = await startReplica({
        url: world.server.url,
        token: () => world.token(person),
        deviceId: device,
        collections,
      });
      replicas.push(r);
      await r.sync();
      return r;
    };
    const closeReplica = async (r: Replica): Promise<void> => {
      replicas.splice(replicas.indexOf(r), 1);
      await r.close();
    };
    const ids = async (r: Replica, c: CollectionName): Promise<string[]> => (await r.docs(c)).map((d) => d.id);
    const one = async (r: Replica, c: CollectionName, id: string) => (await r.docs(c)).find((d) => d.id === id);

    beforeAll(async () => {
      world = await startSyncWorld(store);
    });
    afterAll(async () => {
      for (const r of replicas.splice(0)) await r.close();
      await world?.close();
    });

    it('gives each user only what they may see', async () => {
      // RxDB's open core allows about 13 open collections per process: open only what each check needs.
      const bob = await replicaOf('bob', 'bob-laptop', ['accounts', 'credentials', 'shares']);
      const cy = await replicaOf('cy', 'cy-laptop', ['accounts', 'credentials', 'shares', 'users', 'settings']);
      const lou = await replicaOf('lou', 'lou-laptop', ['accounts', 'credentials']);
      expect(await ids(bob, 'accounts')).toEqual(['acct-shared']);
      expect(await ids(bob, 'credentials')).toEqual(['acct-shared']);
      expect((await one(bob, 'credentials', 'acct-shared'))?.password).toBe('secret-of-acct-shared');
      expect(await ids(bob, 'shares')).toEqual(['sh-ada-shared', 'sh-bob-shared', 'sh-ops-shared']);
      expect(await ids(cy, 'accounts')).toEqual([]);
      expect(await ids(cy, 'credentials')).toEqual([]);
      expect(await ids(cy, 'shares')).toEqual([]);
      // Login-only users see the account but never its credentials.
      expect(await ids(lou, 'accounts')).toEqual(['acct-shared']);
      expect(await ids(lou, 'credentials')).toEqual([]);
      // Everyone sees the directory, but only admins see Okta ids.
      expect((await one(cy, 'users', 'user-ada'))?.externalId).toBeNull();
      expect((await one(cy, 'settings', 'workspace'))?.name).toBe('Acme');
      for (const r of [bob, cy, lou]) await closeReplica(r);
    });

    it('converges two offline replicas editing the same and different documents, losing nothing', async () => {
      const ada = await replicaOf('ada', 'ada-laptop', ['accounts', 'credentials']);
      const bob = await replicaOf('bob', 'bob-laptop', ['accounts', 'credentials']);
      await ada.goOffline();
      await bob.goOffline();

      const adaAccount = await ada.collections.accounts.findOne('acct-shared').exec();
      await adaAccount?.incrementalPatch({ name: 'Brand Instagram (EU)', labels: ['social', 'brand'] });
      const adaPrivate = await ada.collections.accounts.findOne('acct-private').exec();
      await adaPrivate?.incrementalPatch({ username: 'vendor-admin@acme.example' });
      const bobAccount = await bob.collections.accounts.findOne('acct-shared').exec();
      await bobAccount?.incrementalPatch({ labels: ['social', 'urgent'] });
      const bobCreds = await bob.collections.credentials.findOne('acct-shared').exec();
      await bobCreds?.incrementalPatch({ password: 'rotated-by-bob' });

      await ada.goOnline();
      await ada.sync();
      await bob.goOnline();
      await bob.sync();
      await ada.sync();

      for (const r of [ada, bob]) {
        const account = await one(r, 'accounts', 'acct-shared');
        expect(account?.name).toBe('Brand Instagram (EU)');
        expect(new Set(account?.labels as string[])).toEqual(new Set(['social', 'brand', 'urgent']));
        expect((await one(r, 'credentials', 'acct-shared'))?.password).toBe('rotated-by-bob');
      }
      expect((await one(ada, 'accounts', 'acct-private'))?.username).toBe('vendor-admin@acme.example');
      expect(bob.refusals).toEqual([]);
      const server = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
      expect(new Set(server?.labels)).toEqual(new Set(['social', 'brand', 'urgent']));
      await closeReplica(ada);
      await closeReplica(bob);
    });

    it('refuses a change the policy forbids and converges the replica to the server state, with the reason', async () => {
      const bob = await replicaOf('bob', 'bob-desktop', ['accounts']);
      const before = await one(bob, 'accounts', 'acct-shared');
      const doc = await bob.collections.accounts.findOne('acct-shared').exec();
      // Collaborators may not edit an account's details (only its owners may).
      await doc?.incrementalPatch({ loginUrl: 'https://evil.example/login' });
      await bob.sync();
      await bob.sync();
      expect((await one(bob, 'accounts', 'acct-shared'))?.loginUrl).toBe(before?.loginUrl);
      expect(bob.refusals.map((r) => r.reason)).toEqual(['not_item_owner']);
      expect(bob.refusals[0]?.message).toMatch(/owner/i);
      const server = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
      expect(server?.loginUrl).toBe(before?.loginUrl);
      await closeReplica(bob);
    });

    it('drops a document a user created but may not keep (share to self on an item they cannot see)', async () => {
      const cy = await replicaOf('cy', 'cy-desktop', ['accounts', 'shares']);
      await cy.collections.shares.insert(
        makeShare({ account: 'acct-private' }, { user: 'user-cy' }, 'owner', 'sh-cy-grab'),
      );
      await cy.sync();
      await cy.sync();
      expect(await ids(cy, 'shares')).toEqual([]);
      expect(await ids(cy, 'accounts')).toEqual([]);
      expect(cy.refusals.map((r) => r.reason)).toEqual(['no_item_role']);
      expect(await world.server.repo.get(world.server.db, 'shares', 'sh-cy-grab')).toBeNull();
      await closeReplica(cy);
    });

    it('sends a tombstone when access is revoked, so the replica drops the account and its secrets', async () => {
      await seedRecords(world.server, {
        accounts: [makeAccount({ id: 'acct-revoke', name: 'To revoke' })],
        credentials: [makeCredentials('acct-revoke')],
        shares: [
          makeShare({ account: 'acct-revoke' }, { user: 'user-ada' }, 'owner', 'sh-rev-ada'),
          makeShare({ account: 'acct-revoke' }, { user: 'user-bob' }, 'collaborator', 'sh-rev-bob'),
        ],
      });
      const ada = await replicaOf('ada', 'ada-revoke', ['shares']);
      const bob = await replicaOf('bob', 'bob-revoke', ['accounts', 'credentials', 'shares']);
      expect(await ids(bob, 'accounts')).toContain('acct-revoke');
      expect(await ids(bob, 'credentials')).toContain('acct-revoke');
      const share = await ada.collections.shares.findOne('sh-rev-bob').exec();
      await share?.remove();
      await ada.sync();
      expect(ada.refusals).toEqual([]);
      await bob.sync();
      expect(await ids(bob, 'accounts')).not.toContain('acct-revoke');
      expect(await ids(bob, 'credentials')).not.toContain('acct-revoke');
      expect(await ids(bob, 'shares')).not.toContain('sh-rev-ada');
      expect(await ids(bob, 'accounts')).toContain('acct-shared');
      await closeReplica(ada);
      await closeReplica(bob);
    });

    it('makes the creator of an account its owner and keeps it from others', async () => {
      const bob = await replicaOf('bob', 'bob-create', ['accounts', 'credentials', 'shares']);
      const account = makeAccount({ id: 'acct-bob-new', name: 'Vendor portal' });
      await bob.collections.accounts.insert({ ...account, extensionState: 'synced', oktaAppId: '0oa-forged' });
      await bob.sync();
      await bob.collections.credentials.insert(makeCredentials('acct-bob-new', { password: 'bob-secret' }));
      await bob.sync();
      expect(bob.refusals).toEqual([]);
      const stored = await world.server.repo.get(world.server.db, 'accounts', 'acct-bob-new');
      // Okta state is the server's: a client cannot create an account as already extended.
      expect(stored?.extensionState).toBe('off');
      expect(stored?.oktaAppId).toBeNull();
      expect(await ids(bob, 'shares')).toContain(ownerShareId('account', 'acct-bob-new'));
      const cy = await replicaOf('cy', 'cy-create', ['accounts']);
      expect(await ids(cy, 'accounts')).not.toContain('acct-bob-new');
      await closeReplica(cy);
      await closeReplica(bob);
    });

    it('records each accepted change in the audit log with user and device, and keeps passwords encrypted at rest', async () => {
      const rows = await world.server.db.query<{
        actor_id: string;
        device_id: string;
        action: string;
        detail: unknown;
      }>(
        "select actor_id, device_id, action, detail from audit_events where collection = 'credentials' and record_id = 'acct-bob-new'",
      );
      expect(rows).toEqual([
        {
          actor_id: 'user-bob',
          device_id: 'bob-create',
          action: 'credentials.edit',
          detail: { fields: expect.any(Array) },
        },
      ]);
      expect(JSON.stringify(rows)).not.toContain('bob-secret');
      const raw = await world.server.db.query<{ doc: unknown; sealed: string }>(
        "select doc, sealed from records where collection = 'credentials' and id = 'acct-bob-new'",
      );
      expect(JSON.stringify(raw)).not.toContain('bob-secret');
      expect(raw[0]?.sealed).toMatch(/^v2\.[0-9a-f]{16}\./);
    });

    it('tells a replica to pull over the live stream when another user writes', async () => {
      const ada = await replicaOf('ada', 'ada-live', ['accounts']);
      const bob = await replicaOf('bob', 'bob-live', ['accounts']);
      const seen = new Promise<void>((resolve) => {
        const sub = bob.collections.accounts.findOne('acct-shared').$.subscribe((doc) => {
          if ((doc?.get('labels') as string[] | undefined)?.includes('live')) {
            sub.unsubscribe();
            resolve();
          }
        });
      });
      const doc = await ada.collections.accounts.findOne('acct-shared').exec();
      await doc?.incrementalModify((d) => ({ ...d, labels: [...(d.labels as string[]), 'live'] }));
      // No sync() on bob: only the stream can bring the change.
      await seen;
      await closeReplica(ada);
      await closeReplica(bob);
    });

    it('follows access through collection and team shares, and team membership and role changes from SCIM', async () => {
      const lou = await replicaOf('lou', 'lou-teams', ['accounts', 'credentials']);
      expect(await ids(lou, 'accounts')).toEqual(['acct-shared']);
      await seedRecords(world.server, {
        shares: [makeShare({ collection: 'coll-team' }, { team: 'team-ops' }, 'collaborator', 'sh-ops-coll')],
      });
      await lou.sync();
      expect(await ids(lou, 'accounts')).toEqual(['acct-in-coll', 'acct-shared']);
      // SCIM removes lou from the team: every path through it ends.
      const ops = await world.server.repo.get(world.server.db, 'teams', 'team-ops');
      if (ops === null) throw new Error('team-ops missing');
      await seedRecords(world.server, { teams: [{ ...ops, memberIds: [] }] });
      await lou.sync();
      expect(await ids(lou, 'accounts')).toEqual([]);
      await closeReplica(lou);

      const bob = await replicaOf('bob', 'bob-role', ['credentials']);
      expect(await ids(bob, 'credentials')).toContain('acct-shared');
      // Becoming Login-only takes credentials away, not the account.
      await seedRecords(world.server, { users: [{ ...world.users.bob, role: 'loginOnly' }] });
      await bob.sync();
      expect(await ids(bob, 'credentials')).toEqual([]);
      await seedRecords(world.server, { users: [world.users.bob] });
      await bob.sync();
      expect(await ids(bob, 'credentials')).toContain('acct-shared');
      await closeReplica(bob);
    });

    it('shows a Super Admin every account while their own All-Access Mode is on, never the credentials, and takes them back when it ends', async () => {
      const zed = makeUser({
        id: 'user-zed',
        userName: 'zed@example.com',
        role: 'superAdmin',
        externalId: OKTA_IDS.zed,
      });
      await seedRecords(world.server, { users: [zed] });
      const admin = await replicaOf('zed', 'zed-admin', ['accounts', 'credentials']);
      expect(await ids(admin, 'accounts')).toEqual([]);
      await seedRecords(world.server, { users: [{ ...zed, allAccess: true }] });
      await admin.sync();
      expect(await ids(admin, 'accounts')).toEqual(expect.arrayContaining(['acct-shared', 'acct-in-coll']));
      expect(await ids(admin, 'credentials')).toEqual([]);
      await seedRecords(world.server, { users: [zed] });
      await admin.sync();
      expect(await ids(admin, 'accounts')).toEqual([]);
      await closeReplica(admin);
    });

    it('drops a deleted record from replicas that held it', async () => {
      await removeRecords(world.server, 'accounts', ['acct-private']);
      const ada = await replicaOf('ada', 'ada-delete', ['accounts']);
      expect(await ids(ada, 'accounts')).not.toContain('acct-private');
      await closeReplica(ada);
    });
  });
}

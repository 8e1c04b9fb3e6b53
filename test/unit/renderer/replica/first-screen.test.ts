import { IDBIndex, IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../../dev/stack/workspace-factory';
import { effectiveRole } from '../../../../domain/access';
import { decide } from '../../../../domain/policy';
import type { Account, Share } from '../../../../domain/records';
import { indexWorkspace } from '../../../../domain/workspace-index';
import { inListOrder } from '../../../../renderer/src/replica/account-order';
import { readFirstScreen } from '../../../../renderer/src/replica/first-screen';
import { openReplica, type Replica } from '../../../../renderer/src/replica/open-replica';
import { conflictHandler, createRefusals } from '../../../../renderer/src/replica/sync-handlers';

// The first screen is read on its own, before the rest of the workspace: it must show what the
// complete list shows first — the same count, the same first accounts in the same order, the same
// roles and decisions on them — and read no more than that.
const PAGE = 40;
const me = makeUser({ id: 'user-me', role: 'user' });
const other = makeUser({ id: 'user-other', role: 'admin' });
const team = makeTeam({ id: 'team-ops', memberIds: [me.id, other.id] });
const brand = makeCollection({ id: 'coll-brand', name: 'Brand' });
const vendors = makeCollection({ id: 'coll-vendors', name: 'Vendors' });
const stems = ['Zebra', 'apple', 'Éclair', 'brand', 'Vendor', '(old)', '10x', 'Mail'];
const accounts: Account[] = Array.from({ length: 250 }, (_, i) =>
  makeAccount({
    id: `acct-${String((i * 97) % 250).padStart(3, '0')}`,
    name: `${stems[i % stems.length]} ${Math.floor(i / stems.length)}`,
    collectionId: i % 5 === 0 ? brand.id : i % 7 === 0 ? vendors.id : null,
    rotationRequired: i % 61 === 0,
  }),
);
const deleted = new Set(['acct-000', 'acct-097']);
const shares: Share[] = [
  ...accounts.flatMap((account, i) =>
    i % 3 === 0
      ? [makeShare({ account }, { user: me }, i % 2 === 0 ? 'owner' : 'collaborator', `sh-me-${account.id}`)]
      : i % 3 === 1
        ? [makeShare({ account }, { team }, 'collaborator', `sh-team-${account.id}`)]
        : [makeShare({ account }, { user: other }, 'owner', `sh-other-${account.id}`)],
  ),
  makeShare({ collection: brand }, { team }, 'owner', 'sh-team-brand'),
  makeShare({ collection: vendors }, { user: other }, 'owner', 'sh-other-vendors'),
];
const settings = makeSettings({ extendedAccessEnabled: true });

let replica: Replica;
beforeAll(async () => {
  replica = await openReplica({
    userKey: 'first-screen',
    encryptionKey: null,
    conflictHandler: (name) => conflictHandler(name, createRefusals()),
    indexedDB: { indexedDB, IDBKeyRange },
  });
  const c = replica.collections;
  await c.users.bulkInsert([me, other]);
  await c.teams.insert(team);
  await c.collections.bulkInsert([vendors, brand]);
  await c.settings.insert(settings);
  await c.accounts.bulkInsert(accounts);
  await c.shares.bulkInsert(shares);
  await c.accounts.find({ selector: { id: { $in: [...deleted] } } }).remove();
});
afterAll(async () => {
  await replica.remove();
});

const live = accounts.filter((account) => !deleted.has(account.id));
const whole = indexWorkspace({
  accounts: live,
  collections: [brand, vendors],
  users: [me, other],
  teams: [team],
  shares,
  settings,
});

describe("the Accounts list's first screen", () => {
  it('counts every account and holds the first page of the complete list, in its order', async () => {
    const first = await readFirstScreen(replica, PAGE);
    expect(first.accountTotal).toBe(live.length);
    expect(first.accounts.map((a) => a.id)).toEqual(
      inListOrder(live)
        .slice(0, PAGE)
        .map((a) => a.id),
    );
    expect(first.accounts).toEqual(inListOrder(live).slice(0, PAGE));
    expect(first.rotationRequired.map((a) => a.id)).toEqual(
      inListOrder(live.filter((a) => a.rotationRequired)).map((a) => a.id),
    );
    expect(first.users.map((u) => u.id).sort()).toEqual([me.id, other.id]);
    expect(first.collections.map((c) => c.name)).toEqual(['Brand', 'Vendors']);
  });

  it('decides on every account it holds as the whole workspace does', async () => {
    const first = await readFirstScreen(replica, PAGE);
    const held = [...first.accounts, ...first.rotationRequired];
    expect(held.some((a) => a.collectionId !== null)).toBe(true);
    for (const account of held) {
      for (const user of [me, other]) {
        expect(effectiveRole(first.index, user.id, account.id)).toEqual(effectiveRole(whole, user.id, account.id));
        for (const action of ['account.launch', 'credentials.edit', 'credentials.view'] as const) {
          const item = { type: 'account', id: account.id } as const;
          expect(decide(first.index, user.id, action, item)).toEqual(decide(whole, user.id, action, item));
        }
      }
    }
  });

  it('reads only its own accounts and their shares, each through an index', async () => {
    const reads: { db: string; index: string; count: number | undefined }[] = [];
    const getAll = IDBIndex.prototype.getAll;
    const spy = vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...args) {
      reads.push({ db: this.objectStore.transaction.db.name, index: this.name, count: args[1] });
      return getAll.apply(this, args);
    });
    try {
      await readFirstScreen(replica, PAGE);
    } finally {
      spy.mockRestore();
    }
    const of = (collection: string) =>
      reads.filter((read) => read.db.endsWith(`--${collection}`)).map(({ index, count }) => ({ index, count }));
    // The page: as many from each half of the index (waiting for a password or not), and the waiting ones.
    expect(of('accounts')).toEqual([
      { index: '[_deleted+listOrder1+id]', count: PAGE },
      { index: '[_deleted+listOrder1+id]', count: PAGE },
      { index: '[_deleted+listOrder1+id]', count: undefined },
    ]);
    expect(new Set(of('shares').map((read) => read.index))).toEqual(new Set(['[_deleted+itemId+id]']));
  });

  it('is an empty list for an empty replica', async () => {
    const empty = await openReplica({
      userKey: 'first-screen-empty',
      encryptionKey: null,
      conflictHandler: (name) => conflictHandler(name, createRefusals()),
      indexedDB: { indexedDB, IDBKeyRange },
    });
    try {
      const first = await readFirstScreen(empty, PAGE);
      expect(first).toMatchObject({ accountTotal: 0, accounts: [], rotationRequired: [], users: [], collections: [] });
    } finally {
      await empty.remove();
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeSettings,
  makeShare,
  makeSnapshot,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { oktaImpactOf } from '../../../domain/access-impact';
import { authorizeChange } from '../../../domain/change-policy';
import {
  collectionExtensionStatus,
  extendOnItsOwn,
  isExtended,
  unextendRefusal,
  withExtension,
} from '../../../domain/collection-extension';
import { projectOkta } from '../../../domain/okta-projection';
import type { Account, Collection } from '../../../domain/records';
import { indexWorkspace } from '../../../domain/workspace-index';

const AT = '2026-03-01T10:00:00.000Z';
const extendedColl = makeCollection({ id: 'c-ext', name: 'Brand', extended: true, extendedAt: AT });
const plainColl = makeCollection({ id: 'c-plain', name: 'Plain' });
const plain = makeAccount({ id: 'a-plain', name: 'Plain account' });
const own = makeAccount({ id: 'a-own', extensionState: 'synced', extendedAt: AT, lastSyncedAt: AT });

describe('isExtended: extended on its own or through its extended collection', () => {
  it('answers for every combination', () => {
    expect(isExtended(plain, null)).toBe(false);
    expect(isExtended(plain, plainColl)).toBe(false);
    expect(isExtended(plain, extendedColl)).toBe(true);
    expect(isExtended(own, null)).toBe(true);
    expect(isExtended(own, plainColl)).toBe(true);
    // Extended only through a collection it no longer is in (or that is no longer extended): not extended.
    const through = withExtension({ ...plain, collectionId: extendedColl.id }, extendedColl, AT);
    expect(isExtended(through, plainColl)).toBe(false);
    expect(isExtended(through, null)).toBe(false);
  });
});

describe('withExtension: the stored state follows the rule', () => {
  it('an account entering an extended collection becomes pending, through its collection', () => {
    const moved = withExtension({ ...plain, collectionId: extendedColl.id }, extendedColl, AT);
    expect(moved).toMatchObject({ extensionState: 'pending', extendedByCollection: true, extendedAt: AT });
  });

  it('an account extended only through its collection leaves Okta when it leaves the collection', () => {
    const inside: Account = {
      ...plain,
      collectionId: extendedColl.id,
      extensionState: 'synced',
      extendedByCollection: true,
      extendedAt: AT,
      lastSyncedAt: AT,
      lastError: null,
    };
    expect(withExtension({ ...inside, collectionId: null }, null, AT)).toMatchObject({
      extensionState: 'off',
      extendedByCollection: false,
      extendedAt: null,
      lastSyncedAt: null,
    });
    expect(withExtension(inside, { ...extendedColl, extended: false }, AT).extensionState).toBe('off');
  });

  it('an account extended on its own stays extended whatever its collection does, and keeps its status', () => {
    const inside = withExtension({ ...own, collectionId: extendedColl.id }, extendedColl, AT);
    expect(inside).toMatchObject({ extensionState: 'synced', extendedByCollection: false, lastSyncedAt: AT });
    expect(withExtension({ ...inside, collectionId: null }, null, AT)).toMatchObject({ extensionState: 'synced' });
    expect(withExtension(inside, { ...extendedColl, extended: false }, AT)).toMatchObject({
      extensionState: 'synced',
    });
  });

  it('an owner extending an account already extended through its collection makes it its own', () => {
    const through = withExtension({ ...plain, collectionId: extendedColl.id }, extendedColl, AT);
    const mine = extendOnItsOwn(through, AT);
    expect(mine).toMatchObject({ extensionState: 'pending', extendedByCollection: false });
    expect(withExtension({ ...mine, collectionId: null }, null, AT).extensionState).toBe('pending');
  });

  it('returns the same account when nothing changes (no write)', () => {
    expect(withExtension(plain, plainColl, AT)).toBe(plain);
    expect(withExtension(own, null, AT)).toBe(own);
  });

  it('refuses an owner’s own un-extend only inside an extended collection', () => {
    expect(unextendRefusal(own, extendedColl)).toContain('through its collection “Brand”');
    expect(unextendRefusal(own, plainColl)).toBeNull();
    expect(unextendRefusal(own, null)).toBeNull();
  });
});

describe('collectionExtensionStatus', () => {
  const states = (...s: Account['extensionState'][]) => s.map((extensionState) => ({ extensionState }));
  it('is off while not extended, whatever its accounts are', () => {
    expect(collectionExtensionStatus(plainColl, states('synced'))).toMatchObject({ state: 'off' });
  });
  it('is error when any account failed, pending while any waits, extended when all are synced', () => {
    expect(collectionExtensionStatus(extendedColl, states('synced', 'pending', 'error'))).toEqual({
      state: 'error',
      counts: { synced: 1, pending: 1, error: 1 },
      total: 3,
    });
    expect(collectionExtensionStatus(extendedColl, states('synced', 'pending')).state).toBe('pending');
    expect(collectionExtensionStatus(extendedColl, states('synced', 'synced')).state).toBe('extended');
    expect(collectionExtensionStatus(extendedColl, [])).toMatchObject({ state: 'extended', total: 0 });
  });
});

describe('replicated pushes apply the standing extension', () => {
  const ada = makeUser({ id: 'u-ada', role: 'user', externalId: '00u-ada' });
  const index = (collections: Collection[], accounts: Account[]) =>
    indexWorkspace(
      makeSnapshot({
        settings: makeSettings({ extendedAccessEnabled: true }),
        users: [ada],
        collections,
        accounts,
        shares: [
          ...accounts.map((a) => makeShare({ account: a }, { user: ada }, 'owner', `s-${a.id}`)),
          ...collections.map((c) => makeShare({ collection: c }, { user: ada }, 'owner', `s-${c.id}`)),
        ],
      }),
    );

  it('moving an account into an extended collection extends it (and queues it for Okta)', () => {
    const ws = index([extendedColl], [plain]);
    const verdict = authorizeChange(
      ws,
      ada.id,
      'accounts',
      plain,
      { ...plain, collectionId: extendedColl.id },
      true,
      AT,
    );
    expect(verdict).toMatchObject({
      ok: true,
      kind: 'update',
      doc: { collectionId: 'c-ext', extensionState: 'pending', extendedByCollection: true, extendedAt: AT },
    });
    if (!verdict.ok || verdict.kind !== 'update') throw new Error('expected an update');
    expect(oktaImpactOf({ collection: 'accounts', before: plain, after: verdict.doc }).accountIds).toEqual([plain.id]);
    const after = index([extendedColl], [verdict.doc as Account]);
    expect(projectOkta(after, { launchUrl: (id) => `https://l/${id}`, currentLabels: new Map() })).toMatchObject([
      { accountId: plain.id, assigneeOktaUserIds: ['00u-ada'] },
    ]);
  });

  it('creating an account inside an extended collection extends it', () => {
    const ws = index([extendedColl], []);
    const created = makeAccount({ id: 'a-new', collectionId: extendedColl.id });
    expect(authorizeChange(ws, ada.id, 'accounts', null, created, true, AT)).toMatchObject({
      ok: true,
      kind: 'create',
      doc: { extensionState: 'pending', extendedByCollection: true },
    });
  });

  it('moving an account out un-extends it unless it was extended on its own', () => {
    const through = withExtension({ ...plain, collectionId: extendedColl.id }, extendedColl, AT);
    const mine: Account = { ...own, collectionId: extendedColl.id };
    const ws = index([extendedColl], [through, mine]);
    expect(
      authorizeChange(ws, ada.id, 'accounts', through, { ...through, collectionId: null }, true, AT),
    ).toMatchObject({ ok: true, doc: { extensionState: 'off', extendedByCollection: false } });
    expect(authorizeChange(ws, ada.id, 'accounts', mine, { ...mine, collectionId: null }, true, AT)).toMatchObject({
      ok: true,
      doc: { extensionState: 'synced' },
    });
  });

  it('never lets a push un-extend an account: that is the REST command, refused inside an extended collection', () => {
    const through = withExtension({ ...plain, collectionId: extendedColl.id }, extendedColl, AT);
    const ws = index([extendedColl], [through]);
    expect(
      authorizeChange(ws, ada.id, 'accounts', through, { ...through, extensionState: 'off' }, true, AT),
    ).toMatchObject({ ok: false, reason: 'server_owned_field' });
    expect(unextendRefusal(through, extendedColl)).toContain('through its collection “Brand”');
  });

  it('never lets a push set whether a collection is extended', () => {
    const ws = index([plainColl], []);
    expect(
      authorizeChange(ws, ada.id, 'collections', plainColl, { ...plainColl, extended: true, extendedAt: AT }, true),
    ).toMatchObject({ ok: false, reason: 'server_owned_field' });
    const created = makeCollection({ id: 'c-new', extended: true, extendedAt: AT });
    expect(authorizeChange(ws, ada.id, 'collections', null, created, true)).toMatchObject({
      ok: true,
      kind: 'create',
      doc: { extended: false, extendedAt: null },
    });
    expect(
      authorizeChange(ws, ada.id, 'accounts', plain, { ...plain, extendedByCollection: true }, true),
    ).toMatchObject({ ok: false, reason: 'server_owned_field' });
  });

  it('a rename keeps the collection’s standing extension', () => {
    const ws = index([extendedColl], []);
    expect(
      authorizeChange(ws, ada.id, 'collections', extendedColl, { ...extendedColl, name: 'Brand EU' }, true),
    ).toMatchObject({ ok: true, kind: 'update', doc: { name: 'Brand EU', extended: true, extendedAt: AT } });
  });

  it('extending or un-extending a collection queues its accounts for Okta', () => {
    expect(
      oktaImpactOf({ collection: 'collections', before: plainColl, after: { ...plainColl, extended: true } }),
    ).toMatchObject({ collectionIds: [plainColl.id] });
    expect(
      oktaImpactOf({ collection: 'collections', before: plainColl, after: { ...plainColl, name: 'Renamed' } })
        .collectionIds,
    ).toEqual([]);
  });
});

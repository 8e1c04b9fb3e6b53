/**
 * fast-check generators of whole workspaces, small enough that every (user, account) pair
 * can be checked against a brute-force model, with the awkward cases on purpose: users in
 * several teams, members listed twice, shares to teams or collections that no longer exist,
 * inactive, removed, Login-only and not-yet-provisioned users.
 */
import fc from 'fast-check';
import {
  makeAccount,
  makeCollection,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { EXTENSION_STATES, ITEM_ROLES, WORKSPACE_ROLES, type WorkspaceSnapshot } from '../../../domain/records';

const GONE = 'gone';
const AT = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-02T03:00:00.000+02:00'];

/** True five times out of six: most users are present, so most draws exercise share paths. */
const mostly = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

/** True about one time in ten: a dangling reference to a record that no longer exists. */
const rarely = fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 9, arbitrary: fc.constant(false) });
const ref = fc.record({ n: fc.nat(1000), gone: rarely });
type Ref = { n: number; gone: boolean };

/** The id of the `ref.n`-th of `size` records named `prefix<i>`, or a missing id. */
function pick(prefix: string, size: number, ref: Ref): string {
  return ref.gone || size === 0 ? GONE : `${prefix}${ref.n % size}`;
}

const userSpec = fc.record({
  role: fc.constantFrom(...WORKSPACE_ROLES),
  active: mostly,
  present: mostly,
  linked: mostly,
  // Personal All-Access Mode, on any role: only Super Admins' and Owners' count (domain/access.ts).
  allAccess: fc.boolean(),
});

export const workspaceArb: fc.Arbitrary<WorkspaceSnapshot> = fc
  .record({
    users: fc.array(userSpec, { minLength: 1, maxLength: 6 }),
    teamMembers: fc.array(fc.array(ref, { minLength: 1, maxLength: 5 }), { maxLength: 3 }),
    collectionCount: fc.nat(3),
    accounts: fc.array(
      fc.record({
        inCollection: fc.boolean(),
        collection: ref,
        state: fc.constantFrom(...EXTENSION_STATES),
        name: fc.constantFrom('Contentzilla', 'Brand', 'Brand - Social'),
        app: fc.constantFrom('Instagram', 'Social', 'TikTok'),
        at: fc.nat(AT.length - 1),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    shares: fc.array(
      fc.record({
        onCollection: fc.boolean(),
        item: ref,
        toTeam: fc.boolean(),
        grantee: ref,
        role: fc.constantFrom(...ITEM_ROLES),
      }),
      { minLength: 2, maxLength: 12 },
    ),
    extendedAccessEnabled: fc.boolean(),
  })
  .map((spec) => {
    const users = spec.users.map((u, i) =>
      makeUser({
        id: `u${i}`,
        givenName: 'User',
        familyName: `${i}`,
        role: u.role,
        active: u.active,
        removedAt: u.present ? null : AT[0],
        externalId: u.linked ? `00u${i}` : null,
        allAccess: u.allAccess,
      }),
    );
    const teams = spec.teamMembers.map((members, i) =>
      makeTeam({ id: `t${i}`, displayName: `Team ${i}`, memberIds: members.map((m) => pick('u', users.length, m)) }),
    );
    const collections = Array.from({ length: spec.collectionCount }, (_, i) =>
      makeCollection({ id: `c${i}`, name: `Collection ${i}` }),
    );
    const accounts = spec.accounts.map((a, i) =>
      makeAccount({
        id: `a${i}`,
        name: a.name,
        appName: a.app,
        collectionId: a.inCollection ? pick('c', collections.length, a.collection) : null,
        extensionState: a.state,
        extendedAt: a.state === 'off' ? null : (AT[a.at] ?? null),
      }),
    );
    const shares = spec.shares.map((s, i) => {
      const item = s.onCollection
        ? { collection: pick('c', collections.length, s.item) }
        : { account: pick('a', accounts.length, s.item) };
      const grantee = s.toTeam
        ? { team: pick('t', teams.length, s.grantee) }
        : { user: pick('u', users.length, s.grantee) };
      return makeShare(item, grantee, s.role, `s${i}`);
    });
    const settings = makeSettings({ extendedAccessEnabled: spec.extendedAccessEnabled });
    return { settings, users, teams, collections, accounts, shares };
  });

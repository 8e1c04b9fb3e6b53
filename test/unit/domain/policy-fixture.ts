/**
 * One small workspace with a person for every policy situation, shared by the policy tests.
 * Names are the people a refusal message should tell you to ask.
 */

import {
  makeAccount,
  makeCollection,
  makeSettings,
  makeShare,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import type { Share, WorkspaceSnapshot } from '../../../domain/records';
import { indexWorkspace, type WorkspaceIndex } from '../../../domain/workspace-index';

const at = '2026-02-01T00:00:00.000Z';

export const people = {
  olga: makeUser({ id: 'olga', givenName: 'Olga', familyName: 'Owner', role: 'owner' }),
  sam: makeUser({ id: 'sam', givenName: 'Sam', familyName: 'Super', role: 'superAdmin' }),
  adam: makeUser({ id: 'adam', givenName: 'Adam', familyName: 'Admin', role: 'admin' }),
  ada: makeUser({ id: 'ada', givenName: 'Ada', familyName: 'Lovelace' }),
  colin: makeUser({ id: 'colin', givenName: 'Colin', familyName: 'Collaborator' }),
  lina: makeUser({ id: 'lina', givenName: 'Lina', familyName: 'Loginonly', role: 'loginOnly' }),
  lara: makeUser({ id: 'lara', givenName: 'Lara', familyName: 'Loginowner', role: 'loginOnly' }),
  ivan: makeUser({ id: 'ivan', givenName: 'Ivan', familyName: 'Inactive', active: false }),
  rita: makeUser({ id: 'rita', givenName: 'Rita', familyName: 'Removed', removedAt: at }),
  nora: makeUser({ id: 'nora', givenName: 'Nora', familyName: 'Noidentity', externalId: null }),
  stan: makeUser({ id: 'stan', givenName: 'Stan', familyName: 'Stranger' }),
} as const;
export type Person = keyof typeof people | 'ghost';

export const marketing = makeTeam({ id: 'marketing', displayName: 'Marketing', memberIds: ['colin', 'nora'] });
export const social = makeCollection({ id: 'social', name: 'Social' });
/** Owned by Ada (and by Ivan, Rita, Lara who cannot act); Marketing and Lina collaborate. */
export const insta = makeAccount({ id: 'insta', name: 'Contentzilla', collectionId: 'social' });
/** Nobody owns it any more: only a collaborator is left. */
export const orphan = makeAccount({ id: 'orphan', name: 'Orphan' });

const shares: Share[] = [
  makeShare({ account: insta }, { user: people.ada }, 'owner', 'ada-insta'),
  makeShare({ account: insta }, { user: people.lara }, 'owner', 'lara-insta'),
  makeShare({ account: insta }, { user: people.ivan }, 'owner', 'ivan-insta'),
  makeShare({ account: insta }, { user: people.rita }, 'owner', 'rita-insta'),
  makeShare({ account: insta }, { user: people.lina }, 'collaborator', 'lina-insta'),
  makeShare({ collection: social }, { team: marketing }, 'collaborator', 'marketing-social'),
  makeShare({ collection: social }, { user: people.ada }, 'owner', 'ada-social'),
  makeShare({ account: orphan }, { user: people.colin }, 'collaborator', 'colin-orphan'),
];

/**
 * `allAccess`: the people whose personal All-Access Mode is on (the record's flag; whether it
 * counts is the domain's rule, so a plain Admin may be listed to prove it does not).
 */
export type Mode = { allAccess?: readonly Person[]; extendedAccessEnabled?: boolean };

export function snapshot(mode: Mode = {}): WorkspaceSnapshot {
  const on = new Set<string>(mode.allAccess ?? []);
  return {
    settings: makeSettings({ extendedAccessEnabled: mode.extendedAccessEnabled ?? true }),
    users: Object.values(people).map((user) => (on.has(user.id) ? { ...user, allAccess: true } : user)),
    teams: [marketing],
    collections: [social],
    accounts: [insta, orphan],
    shares,
  };
}

export function workspace(mode: Mode = {}): WorkspaceIndex {
  return indexWorkspace(snapshot(mode));
}

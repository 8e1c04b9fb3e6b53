import { describe, expect, it } from 'vitest';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../../../dev/stack/workspace-factory';
import type { Account } from '../../../../domain/records';
import { indexWorkspace } from '../../../../domain/workspace-index';
import type { FirstScreen } from '../../../../renderer/src/replica/first-screen';
import type { WorkspaceView } from '../../../../renderer/src/replica/use-workspace';
import { NO_FILTER } from '../../../../renderer/src/screens/account-filter';
import { accountList, rotationsForMe, shownAccounts } from '../../../../renderer/src/screens/account-list';

const me = makeUser({ id: 'user-me', role: 'user' });
const accounts: Account[] = [
  makeAccount({ id: 'a1', name: 'Alpha', labels: ['ops'] }),
  makeAccount({ id: 'a2', name: 'Beta', labels: ['social'], rotationRequired: true }),
  makeAccount({ id: 'a3', name: 'Gamma', labels: [] }),
  makeAccount({ id: 'a4', name: 'Omega', labels: ['ops'], rotationRequired: true }),
];
const shares = [
  makeShare({ account: 'a1' }, { user: me }, 'owner'),
  makeShare({ account: 'a2' }, { user: me }, 'owner'),
  makeShare({ account: 'a3' }, { user: me }, 'collaborator'),
  makeShare({ account: 'a4' }, { user: 'user-other' }, 'owner'),
];
const snapshot = { users: [me], teams: [], collections: [], shares, settings: makeSettings() };
const complete: WorkspaceView = {
  loading: false,
  index: indexWorkspace({ ...snapshot, accounts }),
  accounts,
  collections: [],
  users: [me],
  teams: [],
  shares,
};
const loading: WorkspaceView = {
  ...complete,
  loading: true,
  index: indexWorkspace({ ...snapshot, accounts: [] }),
  accounts: [],
};
/** The first two accounts, and the one waiting for a new password past them. */
const firstScreen: FirstScreen = {
  accountTotal: 4,
  accounts: accounts.slice(0, 2),
  rotationRequired: [accounts[1], accounts[3]] as Account[],
  index: indexWorkspace({ ...snapshot, accounts: [accounts[0], accounts[1], accounts[3]] as Account[] }),
  users: [me],
  collections: [],
};
const roleOf = () => null;
const ids = (list: readonly { id: string }[]) => list.map((account) => account.id);

describe('the accounts the Accounts screen lists', () => {
  it('are nothing while the replica is still opening', () => {
    expect(accountList(loading, null, null)).toBeNull();
  });

  it('are the first screen, with every account counted, until the whole workspace is read', () => {
    const list = accountList(loading, null, { screen: firstScreen, me });
    expect(list).toMatchObject({ complete: false, total: 4, me, labels: [] });
    expect(ids(list?.accounts ?? [])).toEqual(['a1', 'a2']);
    const shown = list && shownAccounts(list, NO_FILTER, roleOf);
    expect(shown).toMatchObject({ kind: 'list', count: 4, complete: false });
    // A search of spaces filters nothing: still the first screen.
    expect(list && shownAccounts(list, { ...NO_FILTER, search: '  ' }, roleOf)).toMatchObject({ count: 4 });
  });

  it('wait for the whole workspace to filter, but for accounts waiting for a new password', () => {
    const list = accountList(loading, null, { screen: firstScreen, me });
    if (!list) throw new Error('no list');
    expect(shownAccounts(list, { ...NO_FILTER, search: 'omega' }, roleOf)).toEqual({ kind: 'waiting' });
    expect(shownAccounts(list, { ...NO_FILTER, label: 'ops' }, roleOf)).toEqual({ kind: 'waiting' });
    // The first screen holds every one of those: the filter is answered at once, and exactly.
    const rotation = shownAccounts(list, { ...NO_FILTER, needsRotation: true, label: 'ops' }, roleOf);
    expect(rotation).toMatchObject({ kind: 'list', count: 1, complete: true });
    expect(rotation.kind === 'list' && ids(rotation.accounts)).toEqual(['a4']);
  });

  it('are the whole workspace, filtered, once it is read', () => {
    const list = accountList(complete, me, { screen: firstScreen, me });
    expect(list).toMatchObject({ complete: true, total: 4, labels: ['ops', 'social'] });
    expect(ids(list?.rotationRequired ?? [])).toEqual(['a2', 'a4']);
    const shown = list && shownAccounts(list, { ...NO_FILTER, label: 'ops' }, roleOf);
    expect(shown).toMatchObject({ kind: 'list', count: 2, complete: true });
  });

  it('count for the start-up notice only the accounts waiting for a password this user may change', () => {
    const first = accountList(loading, null, { screen: firstScreen, me });
    const whole = accountList(complete, me, null);
    // a2 is theirs to change (Owner); a4 is not (someone else's): the same answer both ways.
    expect(first && rotationsForMe(first)).toBe(1);
    expect(whole && rotationsForMe(whole)).toBe(1);
    expect(whole && rotationsForMe({ ...whole, me: null })).toBe(0);
  });
});

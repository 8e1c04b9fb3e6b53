import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeExtendedAccount,
  makeShare,
  makeSnapshot,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { projectOkta } from '../../../domain/okta-projection';
import type { WorkspaceSnapshot } from '../../../domain/records';
import { indexWorkspace } from '../../../domain/workspace-index';
import { type Mode, people, snapshot } from './policy-fixture';

const launchUrl = (accountId: string): string => `https://latchkey.example/launch/${accountId}`;

function project(snap: WorkspaceSnapshot, currentLabels: ReadonlyMap<string, string> = new Map()) {
  return projectOkta(indexWorkspace(snap), { launchUrl, currentLabels });
}

function extendedFixture(mode: Mode = {}): WorkspaceSnapshot {
  const snap = snapshot(mode);
  return {
    ...snap,
    accounts: snap.accounts.map((a) =>
      a.id === 'insta' ? { ...a, extensionState: 'synced' as const, extendedAt: '2026-02-01T00:00:00.000Z' } : a,
    ),
  };
}

describe('projectOkta', () => {
  it('makes one bookmark app per extended account, assigned to the owners and collaborators who can use it', () => {
    expect(project(extendedFixture())).toEqual([
      {
        accountId: 'insta',
        label: 'Contentzilla - Instagram',
        url: 'https://latchkey.example/launch/insta',
        // Ada and Colin (via team Marketing on collection Social). Not Nora (no Okta identity),
        // not Lina or Lara (Login-only), not Ivan (deactivated) or Rita (removed).
        assigneeOktaUserIds: [people.ada.externalId, people.colin.externalId].sort(),
      },
    ]);
  });

  it('treats pending, synced and error as extended and off as not', () => {
    const ada = makeUser({ id: 'ada' });
    const accounts = (['off', 'pending', 'synced', 'error'] as const).map((state) =>
      makeAccount({ id: state, extensionState: state, extendedAt: state === 'off' ? null : '2026-01-01T00:00:00Z' }),
    );
    const apps = project(
      makeSnapshot({
        users: [ada],
        accounts,
        shares: accounts.map((a) => makeShare({ account: a }, { user: ada }, 'owner')),
      }),
    );
    expect(apps.map((a) => a.accountId)).toEqual(['error', 'pending', 'synced']);
  });

  it("never assigns through anyone's All-Access Mode", () => {
    const apps = project(extendedFixture({ allAccess: ['olga', 'sam', 'adam'] }));
    expect(apps[0]?.assigneeOktaUserIds).not.toContain(people.sam.externalId);
    expect(apps[0]?.assigneeOktaUserIds).not.toContain(people.olga.externalId);
    expect(apps[0]?.assigneeOktaUserIds).not.toContain(people.adam.externalId);
    expect(apps).toEqual(project(extendedFixture()));
  });

  it('still projects while the feature is off: the reconciler, not the projection, freezes Okta', () => {
    expect(project(extendedFixture({ extendedAccessEnabled: false }))).toEqual(project(extendedFixture()));
  });

  it('numbers duplicate labels and keeps the labels Okta already shows', () => {
    const ada = makeUser({ id: 'ada' });
    const first = makeExtendedAccount({ id: 'first', name: 'Brand', extendedAt: '2026-01-01T00:00:00Z' });
    const second = makeExtendedAccount({ id: 'second', name: 'Brand', extendedAt: '2026-01-02T00:00:00Z' });
    const snap = makeSnapshot({ users: [ada], accounts: [second, first] });
    expect(project(snap).map((a) => a.label)).toEqual(['Brand - Instagram', 'Brand - Instagram (2)']);
    const current = new Map([
      ['first', 'Brand - Instagram (2)'],
      ['second', 'Brand - Instagram'],
    ]);
    expect(project(snap, current).map((a) => a.label)).toEqual(['Brand - Instagram (2)', 'Brand - Instagram']);
  });

  it('sends Okta only ids, labels and launch URLs — no usernames, login URLs or secrets', () => {
    const [app] = project(extendedFixture());
    expect(Object.keys(app ?? {}).sort()).toEqual(['accountId', 'assigneeOktaUserIds', 'label', 'url']);
    expect(JSON.stringify(app)).not.toContain('instagram.com');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveRole } from '../../../domain/access';
import { type DesiredApp, projectOkta } from '../../../domain/okta-projection';
import { decide } from '../../../domain/policy';
import type { WorkspaceSnapshot } from '../../../domain/records';
import { indexWorkspace } from '../../../domain/workspace-index';
import { workspaceArb } from './arbitraries';

const RUNS = { numRuns: 300 };

function project(snap: WorkspaceSnapshot, currentLabels: ReadonlyMap<string, string> = new Map()): DesiredApp[] {
  return projectOkta(indexWorkspace(snap), { launchUrl: (id) => `https://latchkey.test/launch/${id}`, currentLabels });
}

function assigneesByAccount(apps: DesiredApp[]): Map<string, string[]> {
  return new Map(apps.map((app) => [app.accountId, app.assigneeOktaUserIds]));
}

describe('Okta projection (property-based)', () => {
  it('has one app per extended account, pointing at its launch URL, with unique labels', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const apps = project(snap);
        const extended = snap.accounts.filter((a) => a.extensionState !== 'off').map((a) => a.id);
        expect(apps.map((a) => a.accountId)).toEqual([...extended].sort());
        for (const app of apps) expect(app.url).toBe(`https://latchkey.test/launch/${app.accountId}`);
        expect(new Set(apps.map((a) => a.label)).size).toBe(apps.length);
      }),
      RUNS,
    );
  });

  it('assigns exactly the users who may see the chiclet, sorted, and never an ineligible user', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        for (const app of project(snap)) {
          const expected = snap.users
            .filter((u) => decide(ws, u.id, 'okta.seeChiclet', { type: 'account', id: app.accountId }).allowed)
            .map((u) => u.externalId);
          expect(app.assigneeOktaUserIds).toEqual([...expected].sort());
          const ineligible = snap.users.filter(
            (u) => u.role === 'loginOnly' || !u.active || u.removedAt !== null || u.externalId === null,
          );
          for (const u of ineligible) expect(app.assigneeOktaUserIds).not.toContain(u.externalId);
        }
      }),
      RUNS,
    );
  });

  it('is the same whoever has their All-Access Mode on, and with the feature on or off', () => {
    fc.assert(
      fc.property(workspaceArb, fc.array(fc.boolean()), fc.boolean(), (snap, modes, extendedAccessEnabled) => {
        const toggled = {
          ...snap,
          users: snap.users.map((u, i) => ({ ...u, allAccess: modes[i] ?? !u.allAccess })),
          settings: { ...snap.settings, extendedAccessEnabled },
        };
        expect(project(toggled)).toEqual(project(snap));
      }),
      RUNS,
    );
  });

  it('removing the only path to an account removes that user and nobody else', () => {
    fc.assert(
      fc.property(workspaceArb, (snap) => {
        const ws = indexWorkspace(snap);
        const before = assigneesByAccount(project(snap));
        for (const user of snap.users) {
          for (const account of snap.accounts) {
            const { paths } = effectiveRole(ws, user.id, account.id);
            const only = paths.length === 1 ? paths[0] : undefined;
            if (only === undefined) continue;
            const without = { ...snap, shares: snap.shares.filter((s) => s.id !== only.shareId) };
            expect(effectiveRole(indexWorkspace(without), user.id, account.id).role).toBeNull();
            const after = assigneesByAccount(project(without)).get(account.id);
            if (after !== undefined && user.externalId !== null) expect(after).not.toContain(user.externalId);
            // The share may also have reached team-mates; anyone who lost it lost exactly it.
            const lost = (before.get(account.id) ?? []).filter((id) => !(after ?? []).includes(id));
            for (const id of lost) {
              const who = snap.users.find((u) => u.externalId === id);
              expect(who && effectiveRole(indexWorkspace(without), who.id, account.id).role).toBeNull();
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adding a member to a team adds exactly that user, to exactly the apps the team reaches', () => {
    fc.assert(
      fc.property(workspaceArb, fc.nat(), fc.nat(), (snap, teamPick, userPick) => {
        fc.pre(snap.teams.length > 0);
        const team = snap.teams[teamPick % snap.teams.length];
        const user = snap.users[userPick % snap.users.length];
        if (team === undefined || user === undefined) return;
        fc.pre(!team.memberIds.includes(user.id));
        const grown = {
          ...snap,
          teams: snap.teams.map((t) => (t.id === team.id ? { ...t, memberIds: [...t.memberIds, user.id] } : t)),
        };
        const before = assigneesByAccount(project(snap));
        const after = assigneesByAccount(project(grown));
        const eligible =
          user.active && user.removedAt === null && user.role !== 'loginOnly' && user.externalId !== null;
        for (const [accountId, was] of before) {
          const account = snap.accounts.find((a) => a.id === accountId);
          const reached = snap.shares.some(
            (s) =>
              s.granteeType === 'team' &&
              s.granteeId === team.id &&
              ((s.itemType === 'account' && s.itemId === accountId) ||
                (s.itemType === 'collection' &&
                  s.itemId === account?.collectionId &&
                  snap.collections.some((c) => c.id === s.itemId))),
          );
          const expected = new Set(was);
          if (reached && eligible && user.externalId !== null) expected.add(user.externalId);
          expect(after.get(accountId)).toEqual([...expected].sort());
        }
      }),
      RUNS,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AppliedApp,
  driftSentence,
  findDrift,
  minimumSweepCalls,
  sweepSentence,
} from '../../../domain/okta-drift';
import { type ActualApp, needsGroupRead, type OktaCall, planAccount } from '../../../domain/okta-plan';
import type { DesiredApp } from '../../../domain/okta-projection';

const URL = 'https://latchkey.example/launch/acct-1';
const LABEL = 'Contentzilla - Instagram';
const desired = (over: Partial<DesiredApp> = {}): DesiredApp => ({
  accountId: 'acct-1',
  label: LABEL,
  url: URL,
  assigneeOktaUserIds: ['00ua', '00ub'],
  ...over,
});
const actual = (over: Partial<ActualApp> = {}): ActualApp => ({
  appId: '0oa1',
  label: LABEL,
  url: URL,
  status: 'ACTIVE',
  assigneeOktaUserIds: ['00ua', '00ub'],
  groups: [],
  ...over,
});
const applied = (over: Partial<AppliedApp> = {}): AppliedApp => ({
  appId: '0oa1',
  label: LABEL,
  url: URL,
  assignees: ['00ua', '00ub'],
  ...over,
});

/** A model of Okta with group assignments: who sees the chiclet after each call. */
interface Org {
  direct: Set<string>;
  groups: Map<string, string[]>;
}
function holders(org: Org): Set<string> {
  return new Set([...org.direct, ...[...org.groups.values()].flat()]);
}

describe('planning with group assignments', () => {
  it('removes a group an Okta admin assigned, after any assignment, and never reads groups for a new app', () => {
    const calls = planAccount(desired(), actual({ groups: [{ groupId: '00gsales', name: 'Sales' }] }));
    expect(calls).toEqual([{ kind: 'unassignGroup', appId: '0oa1', groupId: '00gsales' }]);
    expect(planAccount(desired(), null).some((c) => c.kind === 'unassignGroup')).toBe(false);
  });

  it('assigns directly a wanted person who held the chiclet only through the group before the group goes', () => {
    const calls = planAccount(
      desired({ assigneeOktaUserIds: ['00ua', '00ub', '00uc'] }),
      actual({ groups: [{ groupId: '00gsales', name: 'Sales' }] }),
    );
    expect(calls).toEqual([
      { kind: 'assignUser', appId: '0oa1', oktaUserId: '00uc' },
      { kind: 'unassignGroup', appId: '0oa1', groupId: '00gsales' },
    ]);
  });

  it('lists groups only when a group shows through a member or someone is to be unassigned', () => {
    const want = desired({ assigneeOktaUserIds: ['00ua', '00ub', '00uc'] });
    // A share added in Latchkey: the users Okta lists are all wanted and direct — two reads, as before.
    expect(needsGroupRead([{ oktaUserId: '00ua', scope: 'USER' }], want)).toBe(false);
    expect(needsGroupRead([{ oktaUserId: '00uz', scope: 'GROUP' }], want)).toBe(true);
    expect(needsGroupRead([{ oktaUserId: '00ua', scope: 'GROUP' }], want)).toBe(true);
    // An unshare: the person may also hold the app through a group, and would keep the chiclet.
    expect(needsGroupRead([{ oktaUserId: '00uz', scope: 'USER' }], want)).toBe(true);
  });

  it('an app being removed is deleted without unassigning its groups (deletion drops them)', () => {
    expect(planAccount(null, actual({ groups: [{ groupId: '00g1', name: 'G' }] }))).toEqual([
      { kind: 'deactivateApp', appId: '0oa1' },
      { kind: 'deleteApp', appId: '0oa1' },
    ]);
  });

  it('property: one pass leaves exactly the wanted people holding the chiclet, none of them losing it on the way', () => {
    const ids = fc.uniqueArray(fc.constantFrom('00ua', '00ub', '00uc', '00ud', '00ue'), { maxLength: 5 });
    const groups = fc.array(fc.tuple(fc.constantFrom('00g1', '00g2', '00g3'), ids), { maxLength: 3 });
    fc.assert(
      fc.property(ids, ids, groups, (want, direct, assigned) => {
        const org: Org = { direct: new Set(direct), groups: new Map(assigned) };
        const heldBefore = holders(org);
        const calls: OktaCall[] = planAccount(
          desired({ assigneeOktaUserIds: want }),
          actual({
            assigneeOktaUserIds: direct,
            groups: [...org.groups.keys()].map((groupId) => ({ groupId, name: groupId })),
          }),
        );
        for (const call of calls) {
          if (call.kind === 'assignUser') org.direct.add(call.oktaUserId);
          if (call.kind === 'unassignUser') org.direct.delete(call.oktaUserId);
          if (call.kind === 'unassignGroup') org.groups.delete(call.groupId);
          // A wanted person who held the chiclet, directly or through a group, never loses it in between.
          for (const id of want) if (heldBefore.has(id)) expect(holders(org).has(id)).toBe(true);
        }
        expect([...holders(org)].sort()).toEqual([...want].sort());
        expect(org.groups.size).toBe(0);
      }),
    );
  });
});

describe('findDrift', () => {
  it('finds nothing when Okta holds what Latchkey applied', () => {
    expect(findDrift(desired(), applied(), actual())).toEqual([]);
  });

  it('names an assigned group, an extra person, a removed person, a relabel and a deactivation', () => {
    const drift = findDrift(
      desired(),
      applied(),
      actual({
        label: 'Renamed by an admin',
        status: 'INACTIVE',
        assigneeOktaUserIds: ['00ua', '00uz'],
        groups: [{ groupId: '00gsales', name: 'Sales' }],
      }),
      (id) => (id === '00uz' ? 'zed@acme.example' : id),
    );
    expect(drift.map(driftSentence)).toEqual([
      `Okta drift overwritten: app “${LABEL}”, relabelled “Renamed by an admin” in Okta, has its label back`,
      `Okta drift overwritten: app “${LABEL}”, deactivated in Okta, is active again`,
      `Okta drift overwritten: group “Sales” unassigned from app “${LABEL}”`,
      `Okta drift overwritten: user zed@acme.example unassigned from app “${LABEL}”`,
      `Okta drift overwritten: user 00ub assigned to app “${LABEL}” again`,
    ]);
  });

  it('a change made in Latchkey is not drift: a new share, an unshare and a rename still pending', () => {
    // Latchkey now wants 00uc and no longer 00ub, and a new label; Okta still holds what was applied.
    const want = desired({ label: 'New name - Instagram', assigneeOktaUserIds: ['00ua', '00uc'] });
    expect(findDrift(want, applied(), actual())).toEqual([]);
  });

  it('an app deleted in Okta is drift; one never created (or mid-create) is not', () => {
    expect(findDrift(desired(), applied(), null)).toEqual([{ kind: 'deleted', appLabel: LABEL }]);
    expect(findDrift(desired(), applied({ appId: null }), null)).toEqual([]);
    expect(findDrift(desired(), null, null)).toEqual([]);
  });

  it('an app being removed has no drift to report', () => {
    expect(findDrift(null, applied(), actual({ groups: [{ groupId: '00g', name: 'G' }] }))).toEqual([]);
  });

  it('unrecorded assignees (rows from before they were kept) compare with what Latchkey wants', () => {
    const drift = findDrift(
      desired(),
      applied({ assignees: null }),
      actual({ assigneeOktaUserIds: ['00ua', '00ub', '00ux'] }),
    );
    expect(drift).toEqual([{ kind: 'userAssigned', appLabel: LABEL, oktaUserId: '00ux', userName: '00ux' }]);
  });

  it('the least a sweep can read: pages of the org’s bookmark apps, then each app’s users and groups', () => {
    const apps = Array.from({ length: 1000 }, () => ({ users: 20, groups: 0 }));
    expect(minimumSweepCalls(1000, apps)).toBe(5 + 2 * 1000);
    expect(minimumSweepCalls(1, [{ users: 501, groups: 201 }])).toBe(1 + 2 + 2);
  });

  it('a sweep summary reads as a sentence', () => {
    expect(sweepSentence({ accounts: 1000, driftFound: 52, driftFixed: 52, apiCalls: 2005 })).toBe(
      'Okta drift sweep of 1000 extended accounts: 52 drifts found, 52 fixed',
    );
  });
});

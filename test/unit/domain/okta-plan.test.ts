import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ActualApp, type OktaCall, planAccount } from '../../../domain/okta-plan';
import type { DesiredApp } from '../../../domain/okta-projection';

const URL = 'https://latchkey.example/launch/acct-1';
const desired = (over: Partial<DesiredApp> = {}): DesiredApp => ({
  accountId: 'acct-1',
  label: 'Contentzilla - Instagram',
  url: URL,
  assigneeOktaUserIds: ['00ua', '00ub'],
  ...over,
});
const actual = (over: Partial<ActualApp> = {}): ActualApp => ({
  appId: '0oa1',
  label: 'Contentzilla - Instagram',
  url: URL,
  status: 'ACTIVE',
  assigneeOktaUserIds: ['00ua', '00ub'],
  ...over,
});

/** Applies calls to a model of Okta, as the reconciler would. */
function apply(start: ActualApp | null, calls: OktaCall[]): ActualApp | null {
  let app = start === null ? null : { ...start, assigneeOktaUserIds: [...start.assigneeOktaUserIds] };
  for (const call of calls) {
    switch (call.kind) {
      case 'createApp':
        app = { appId: 'new', label: call.label, url: call.url, status: 'ACTIVE', assigneeOktaUserIds: [] };
        break;
      case 'replaceApp':
        if (app) Object.assign(app, { label: call.label, url: call.url });
        break;
      case 'activateApp':
        if (app) app.status = 'ACTIVE';
        break;
      case 'deactivateApp':
        if (app) app.status = 'INACTIVE';
        break;
      case 'deleteApp':
        if (app?.status === 'ACTIVE') throw new Error('Okta refuses to delete an ACTIVE app');
        app = null;
        break;
      case 'assignUser':
        if (app && !app.assigneeOktaUserIds.includes(call.oktaUserId)) app.assigneeOktaUserIds.push(call.oktaUserId);
        break;
      case 'unassignUser':
        if (app) app.assigneeOktaUserIds = app.assigneeOktaUserIds.filter((id) => id !== call.oktaUserId);
        break;
    }
  }
  return app;
}

describe('planAccount', () => {
  it('creates a new app with one call plus one assignment per user, and no reads', () => {
    expect(planAccount(desired(), null)).toEqual([
      { kind: 'createApp', label: 'Contentzilla - Instagram', url: URL },
      { kind: 'assignUser', appId: null, oktaUserId: '00ua' },
      { kind: 'assignUser', appId: null, oktaUserId: '00ub' },
    ]);
  });

  it('does nothing when Okta already matches', () => {
    expect(planAccount(desired(), actual())).toEqual([]);
  });

  it('overwrites drift made in Okta: an extra assignment and a renamed label', () => {
    const calls = planAccount(
      desired(),
      actual({ label: 'Renamed by an admin', assigneeOktaUserIds: ['00ua', '00ub', '00uz'] }),
    );
    expect(calls).toEqual([
      { kind: 'replaceApp', appId: '0oa1', label: 'Contentzilla - Instagram', url: URL },
      { kind: 'unassignUser', appId: '0oa1', oktaUserId: '00uz' },
    ]);
  });

  it('reactivates an app someone deactivated in Okta', () => {
    expect(planAccount(desired(), actual({ status: 'INACTIVE' }))).toEqual([{ kind: 'activateApp', appId: '0oa1' }]);
  });

  it('removes an app with deactivate then delete, without unassigning first', () => {
    expect(planAccount(null, actual())).toEqual([
      { kind: 'deactivateApp', appId: '0oa1' },
      { kind: 'deleteApp', appId: '0oa1' },
    ]);
    expect(planAccount(null, actual({ status: 'INACTIVE' }))).toEqual([{ kind: 'deleteApp', appId: '0oa1' }]);
    expect(planAccount(null, null)).toEqual([]);
  });

  it('converges any Okta state to the desired one in one pass, with no redundant call', () => {
    const ids = fc.uniqueArray(fc.constantFrom('00u1', '00u2', '00u3', '00u4', '00u5'), { maxLength: 5 });
    const desiredArb = fc.option(
      fc.record({ label: fc.constantFrom('A - B', 'A - B (2)'), assigneeOktaUserIds: ids }).map((d) => desired(d)),
    );
    const actualArb = fc.option(
      fc
        .record({
          label: fc.constantFrom('A - B', 'Drifted'),
          status: fc.constantFrom('ACTIVE' as const, 'INACTIVE' as const),
          assigneeOktaUserIds: ids,
        })
        .map((a) => actual(a)),
    );
    fc.assert(
      fc.property(desiredArb, actualArb, (want, have) => {
        const calls = planAccount(want, have);
        const after = apply(have, calls);
        if (want === null) {
          expect(after).toBeNull();
          return;
        }
        expect(after?.label).toBe(want.label);
        expect(after?.status).toBe('ACTIVE');
        expect([...(after?.assigneeOktaUserIds ?? [])].sort()).toEqual([...want.assigneeOktaUserIds].sort());
        // A second pass finds nothing to do: every call of the first was needed.
        if (after) expect(planAccount(want, { ...after, appId: after.appId })).toEqual([]);
        const assigns = calls.filter((c) => c.kind === 'assignUser').length;
        const unassigns = calls.filter((c) => c.kind === 'unassignUser').length;
        const haveIds = new Set(have?.assigneeOktaUserIds ?? []);
        expect(assigns).toBe(want.assigneeOktaUserIds.filter((id) => !haveIds.has(id)).length);
        expect(unassigns).toBe([...haveIds].filter((id) => !want.assigneeOktaUserIds.includes(id)).length);
      }),
    );
  });
});

/**
 * What people see while Okta syncs: a long first sync reports done/total on the replicated
 * settings document, and an account Okta refuses shows `error` with a reason they can act on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User, WorkspaceSettings } from '../../../domain/records';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../../support/workspace-factory';
import { oktaUserId } from './okta-seed';
import { eventually, type OktaStack, startOktaStack } from './okta-stack';

const ACCOUNTS = 40;

describe('sync status and progress', () => {
  let stack: OktaStack;
  const users: User[] = [1, 2, 3].map((n) => makeUser({ id: `u${n}`, externalId: oktaUserId(n) }));

  beforeAll(async () => {
    stack = await startOktaStack({
      users: 3,
      contract: true,
      sim: { rateLimits: { 'api/v1/apps': 1_000_000, 'api/v1/apps/{id}': 1_000_000 } },
    });
  });
  afterAll(async () => stack?.close());

  it('a long first sync reports progress on the settings document, then clears it', async () => {
    stack.sim.faults.set({ latencyMs: 60 });
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => makeExtendedAccount({ id: `p${i}` }));
    const seen: NonNullable<WorkspaceSettings['oktaSyncProgress']>[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const s = await stack.server.repo.get(stack.server.db, 'settings', 'workspace');
        if (s?.oktaSyncProgress) seen.push(s.oktaSyncProgress);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await stack.seed({
      settings: [makeSettings({ extendedAccessEnabled: true })],
      users,
      accounts,
      shares: accounts.flatMap((a) =>
        users.map((u, j) => makeShare({ account: a }, { user: u }, j === 0 ? 'owner' : 'collaborator')),
      ),
    });
    await eventually(async () => {
      const s = await stack.server.repo.get(stack.server.db, 'settings', 'workspace');
      const rows = await stack.server.db.query<{ n: number }>(
        "select count(*)::int as n from records where collection = 'accounts' and doc->>'extensionState' = 'synced'",
      );
      return rows[0]?.n === ACCOUNTS && s?.oktaSyncProgress === null;
    }, 60_000);
    watching = false;
    await watcher;
    stack.sim.faults.clear();

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.total === ACCOUNTS && p.done <= p.total)).toBe(true);
    expect(seen.some((p) => p.done > 0 && p.done < ACCOUNTS)).toBe(true);
    // done only grows within the run.
    for (let i = 1; i < seen.length; i++) expect((seen[i]?.done ?? 0) >= (seen[i - 1]?.done ?? 0)).toBe(true);
  });

  it('an account Okta refuses shows error with a reason a person can act on', async () => {
    const ghost = makeUser({ id: 'ghost', externalId: '00uGhostNotInOkta000' });
    const account = makeExtendedAccount({ id: 'refused', name: 'Refused', appName: 'Portal' });
    await stack.seed({
      users: [ghost],
      accounts: [account],
      shares: [makeShare({ account }, { user: users[0] as User }, 'owner'), makeShare({ account }, { user: ghost })],
    });
    const failed = await eventually(async () => {
      const a = await stack.server.repo.get(stack.server.db, 'accounts', 'refused');
      return a?.extensionState === 'error' ? a : undefined;
    }, 30_000);
    expect(failed?.lastError).toMatch(/ask your IT admin to check their Okta user/i);
    // The app exists for everyone else; the error is about the one person Okta does not know.
    expect(stack.appsFor('refused')[0]?.users).toEqual([users[0]?.externalId]);
  });
});

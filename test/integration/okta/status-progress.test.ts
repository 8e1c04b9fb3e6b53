/**
 * What people see while Okta syncs: a long first sync reports done/total through
 * `GET /api/v1/okta/status` (the one progress channel, which the admin and profile screens ask
 * while a run lasts) without writing the settings document or the audit log, and an account Okta
 * refuses shows `error` with a reason they can act on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeExtendedAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { User } from '../../../domain/records';

const ACCOUNTS = 40;

describe('sync status and progress', () => {
  let stack: OktaStack;
  const users: User[] = [1, 2, 3].map((n) => makeUser({ id: `u${n}`, externalId: oktaUserId(n) }));
  /** The audit log's rows about the settings document. */
  const auditRows = async () =>
    stack.server.db.query<{ action: string }>(
      "select action from audit_events where collection = 'settings' order by id",
    );

  beforeAll(async () => {
    stack = await startOktaStack({
      users: 3,
      contract: true,
      sim: { rateLimits: { 'api/v1/apps': 1_000_000, 'api/v1/apps/{id}': 1_000_000 } },
    });
  });
  afterAll(async () => stack?.close());

  it('a long first sync reports its progress through the status route, and writes no settings version nor audit row for it', async () => {
    stack.sim.faults.set({ latencyMs: 60 });
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => makeExtendedAccount({ id: `p${i}` }));
    await stack.seed({ settings: [makeSettings({ extendedAccessEnabled: true })], users });
    const settingsSeq = async () => (await stack.server.repo.getRow(stack.server.db, 'settings', 'workspace'))?.seq;
    const settingsBefore = await settingsSeq();
    const auditBefore = await auditRows();
    const owner = users[0]?.externalId ?? '';
    interface RunState {
      pending: number;
      progress: { done: number; total: number };
    }
    const status = async () => (await stack.api(owner, 'GET', '/api/v1/okta/status')).body as RunState;
    const seen: RunState[] = [];
    let watching = true;
    // Asks as the screens do while a run lasts (renderer/src/screens/admin/use-okta-status.ts).
    const watcher = (async () => {
      while (watching) {
        const s = await status();
        if (s.pending > 0) seen.push(s);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await stack.seed({
      accounts,
      shares: accounts.flatMap((a) =>
        users.map((u, j) => makeShare({ account: a }, { user: u }, j === 0 ? 'owner' : 'collaborator')),
      ),
    });
    await eventually(async () => {
      const rows = await stack.server.db.query<{ n: number }>(
        "select count(*)::int as n from records where collection = 'accounts' and doc->>'extensionState' = 'synced'",
      );
      return rows[0]?.n === ACCOUNTS && (await status()).pending === 0;
    }, 60_000);
    watching = false;
    await watcher;
    stack.sim.faults.clear();

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.progress.total === ACCOUNTS && s.progress.done <= s.progress.total)).toBe(true);
    expect(seen.some((s) => s.progress.done > 0 && s.progress.done < ACCOUNTS)).toBe(true);
    // done only grows within the run.
    for (let i = 1; i < seen.length; i++)
      expect((seen[i]?.progress.done ?? 0) >= (seen[i - 1]?.progress.done ?? 0)).toBe(true);
    // Progress is no record: replicas get no new settings version, the audit log no bookkeeping.
    expect(await settingsSeq()).toBe(settingsBefore);
    expect(await auditRows()).toEqual(auditBefore);
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

/**
 * How the pure RBAC core scales on a large workspace: 20,000 accounts in 200 collections,
 * 2,000 users, 100 teams of 50. The sync server filters pulls with `visibleTo` (or
 * `effectiveRole` per pair) and the reconciler runs `projectOkta` over every extended account.
 */
import { performance } from 'node:perf_hooks';
import {
  makeCollection,
  makeExtendedAccount,
  makeShare,
  makeSnapshot,
  makeTeam,
  makeUser,
} from '../dev/stack/workspace-factory';
import { effectiveRole, visibleTo } from '../domain/access';
import { projectOkta } from '../domain/okta-projection';
import { decide } from '../domain/policy';
import type { Share } from '../domain/records';
import { indexWorkspace } from '../domain/workspace-index';

const ACCOUNTS = 20_000;
const COLLECTIONS = 200;
const USERS = 2_000;
const TEAMS = 100;
const TEAM_SIZE = 50;

function ms(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}

export default async function bench(): Promise<Record<string, number | string>> {
  const users = Array.from({ length: USERS }, (_, i) => makeUser({ id: `u${i}`, role: i === 0 ? 'admin' : 'user' }));
  const teams = Array.from({ length: TEAMS }, (_, t) =>
    makeTeam({ id: `t${t}`, memberIds: Array.from({ length: TEAM_SIZE }, (_, k) => `u${(t * 37 + k * 11) % USERS}`) }),
  );
  const collections = Array.from({ length: COLLECTIONS }, (_, c) => makeCollection({ id: `c${c}` }));
  const accounts = Array.from({ length: ACCOUNTS }, (_, a) =>
    makeExtendedAccount({
      id: `a${a}`,
      name: `Brand ${a % 5000}`,
      collectionId: a % 2 === 0 ? `c${a % COLLECTIONS}` : null,
    }),
  );
  const shares: Share[] = [];
  for (const [a, account] of accounts.entries()) {
    shares.push(makeShare({ account }, { user: `u${a % USERS}` }, 'owner'));
    shares.push(makeShare({ account }, { user: `u${(a * 7) % USERS}` }, 'collaborator'));
  }
  for (const [c, collection] of collections.entries()) {
    shares.push(makeShare({ collection }, { team: `t${c % TEAMS}` }, 'collaborator'));
    shares.push(makeShare({ collection }, { user: `u${(c * 13) % USERS}` }, 'owner'));
  }
  const snapshot = makeSnapshot({ users, teams, collections, accounts, shares });

  let start = performance.now();
  const ws = indexWorkspace(snapshot);
  const indexMs = ms(start);

  const sampleUsers = users.slice(0, 200).map((u) => u.id);
  start = performance.now();
  let visibleTotal = 0;
  for (const userId of sampleUsers) visibleTotal += visibleTo(ws, userId).accountIds.size;
  const visibleToMsPerUser = ms(start) / sampleUsers.length;

  start = performance.now();
  let granted = 0;
  for (const account of accounts) if (effectiveRole(ws, 'u1', account.id).role !== null) granted++;
  const effectiveRoleAllAccountsMs = ms(start);

  start = performance.now();
  let allowed = 0;
  for (const account of accounts) {
    if (decide(ws, 'u1', 'account.launch', { type: 'account', id: account.id }).allowed) allowed++;
  }
  const decideAllAccountsMs = ms(start);

  start = performance.now();
  const apps = projectOkta(ws, {
    launchUrl: (id) => `https://latchkey.example/launch/${id}`,
    currentLabels: new Map(),
  });
  const projectMs = ms(start);

  return {
    accounts: ACCOUNTS,
    users: USERS,
    shares: shares.length,
    index_ms: indexMs,
    visible_to_ms_per_user: Math.round(visibleToMsPerUser * 1000) / 1000,
    visible_accounts_avg: Math.round(visibleTotal / sampleUsers.length),
    effective_role_20k_accounts_ms: effectiveRoleAllAccountsMs,
    effective_role_granted: granted,
    decide_launch_20k_accounts_ms: decideAllAccountsMs,
    decide_allowed: allowed,
    project_okta_20k_apps_ms: projectMs,
    project_okta_apps: apps.length,
    project_okta_assignments: apps.reduce((n, app) => n + app.assigneeOktaUserIds.length, 0),
  };
}

/**
 * `GET /api/v1/audit` on a real sync server (PostgreSQL) with tokens from the Okta simulator:
 * only admins and above read it; SCIM provisioning, people's changes, Okta switches, launches and
 * refusals each appear under their kind; filters and keyset paging return every event once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRecords, seedRecords } from '../../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeAccount, makeShare } from '../../../dev/stack/workspace-factory';
import { AuditPage } from '../../../domain/wire/audit';
import { rotateScimToken } from '../../../sync-server/scim/token';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('postgres');
  const { token } = await rotateScimToken(world.server.db, 'test');
  // A user provisioned by Okta's SCIM client (RFC 7644 §3.3) is a SCIM event.
  const created = await fetch(`${world.server.url}/scim/v2/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'fay@example.com',
      externalId: '00ufay00000000000009',
      name: { givenName: 'Fay', familyName: 'Test' },
      emails: [{ value: 'fay@example.com', primary: true }],
      active: true,
    }),
  });
  expect(created.status).toBe(201);
  // A launch allowed (bob collaborates) and one refused (cy has no access).
  for (const person of ['bob', 'cy'] as const) {
    await fetch(`${world.server.url}/api/v1/launch/acct-shared/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await world.token(person)}` },
    });
  }
  // The feature switched off by the owner: an Okta event.
  const off = await call('ada', 'PUT', '/api/v1/workspace/extended-access', { enabled: false });
  expect(off.status).toBe(200);
  // Many writes in one transaction share a timestamp: paging must still see each exactly once.
  await seedRecords(world.server, {
    accounts: Array.from({ length: 7 }, (_, i) => makeAccount({ id: `acct-page-${i}`, name: `Paged ${i}` })),
    shares: Array.from({ length: 7 }, (_, i) =>
      makeShare({ account: `acct-page-${i}` }, { user: world.users.ada }, 'owner', `sh-page-${i}`),
    ),
  });
});
afterAll(async () => {
  await world?.close();
});

async function call(person: Person | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (person) headers.authorization = `Bearer ${await world.token(person)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

async function audit(query: string) {
  const res = await call('ada', 'GET', `/api/v1/audit${query}`);
  expect(res.status).toBe(200);
  return AuditPage.parse(res.body);
}

describe('GET /api/v1/audit', () => {
  it('answers 401 without a token and 403 with the reason for a plain user', async () => {
    expect((await call(null, 'GET', '/api/v1/audit')).status).toBe(401);
    const bob = await call('bob', 'GET', '/api/v1/audit');
    expect(bob.status).toBe(403);
    expect(bob.body).toMatchObject({ error: { code: 'not_admin' } });
    expect(JSON.stringify(bob.body)).toMatch(/Only workspace Admins, Super Admins and Owners can see the audit log/);
  });

  it('rejects a malformed filter with 400 and what was wrong', async () => {
    const res = await call('ada', 'GET', '/api/v1/audit?kind=everything&limit=100000');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/kind/);
  });

  it('files each event under its kind, with no secrets and no progress bookkeeping', async () => {
    const all = await audit('?limit=200');
    expect(all.entries.some((e) => e.action === 'settings.oktaSyncProgress')).toBe(false);
    const scim = await audit('?kind=scim');
    expect(scim.entries.length).toBeGreaterThan(0);
    expect(scim.entries.every((e) => e.kind === 'scim' && e.actorType === 'scim')).toBe(true);
    expect(scim.entries.some((e) => e.collection === 'users')).toBe(true);

    const launches = await audit('?kind=launch');
    expect(launches.entries).toHaveLength(1);
    expect(launches.entries[0]).toMatchObject({ actorId: world.users.bob.id, recordId: 'acct-shared' });
    const refusals = await audit('?kind=refusal');
    expect(refusals.entries).toHaveLength(1);
    expect(refusals.entries[0]).toMatchObject({ actorId: world.users.cy.id, reason: 'no_item_role' });

    const okta = await audit('?kind=okta');
    expect(okta.entries[0]).toMatchObject({ action: 'settings.extendedAccess.off', actorId: world.users.ada.id });
    expect(JSON.stringify(all)).not.toContain('secret-of-');
  });

  it('filters by person and by record', async () => {
    const bob = await audit(`?userId=${world.users.bob.id}`);
    expect(bob.entries.length).toBeGreaterThan(0);
    expect(bob.entries.every((e) => e.actorId === world.users.bob.id)).toBe(true);
    const account = await audit('?recordId=acct-page-3');
    expect(account.entries.map((e) => e.recordId)).toEqual(['acct-page-3']);
  });

  it('pages newest first through rows that share a timestamp, each once', async () => {
    const whole = await audit('?limit=200');
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: AuditPage = await audit(`?limit=3${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      seen.push(...page.entries.map((e) => e.id));
      before = page.next;
    } while (before !== null);
    expect(seen).toEqual(whole.entries.map((e) => e.id));
    const times = whole.entries.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('records which item a share write granted to whom, also once the share is deleted', async () => {
    await seedRecords(world.server, {
      shares: [makeShare({ account: 'acct-shared' }, { user: world.users.cy }, 'collaborator', 'sh-audit-cy')],
    });
    await removeRecords(world.server, 'shares', ['sh-audit-cy']);
    const { entries } = await audit('?recordId=sh-audit-cy');
    const share = {
      itemType: 'account',
      itemId: 'acct-shared',
      granteeType: 'user',
      granteeId: world.users.cy.id,
      role: 'collaborator',
    };
    expect(entries.map((e) => [e.action, e.share])).toEqual([
      ['shares.delete', share],
      ['shares.create', share],
    ]);
    // Other writes carry no share.
    expect((await audit('?recordId=acct-shared')).entries.every((e) => e.share === null)).toBe(true);
  });
});

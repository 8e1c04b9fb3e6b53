/**
 * Permanent deletion through the real HTTP interface: Okta deactivates Bob over SCIM, an Owner
 * erases his data, and afterwards nothing in the database names him — only his random id is left,
 * as a "Deleted user" tombstone the audit log and shares can still point at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../../dev/stack/seed-records';
import { OKTA_IDS, type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeShare } from '../../../dev/stack/workspace-factory';
import type { Team, User } from '../../../domain/records';
import type { AuditPage } from '../../../domain/wire/audit';
import { EraseAnswer } from '../../../domain/wire/erase';
import { displayName } from '../../../domain/workspace-index';
import { rotateScimToken } from '../../../sync-server/scim/token';

let world: SyncWorld;
let scimToken: string;

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON
  body: any;
}

async function call(url: string, method: string, authorization: string, body?: unknown): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const api = async (person: Person, method: string, path: string, body?: unknown) =>
  call(`${world.server.url}${path}`, method, `Bearer ${await world.token(person)}`, body);
const scim = (method: string, path: string, body?: unknown) =>
  call(`${world.server.url}/scim/v2${path}`, method, `Bearer ${scimToken}`, body);

const BOB_EMAIL = 'bob@example.com';

/** Rows of every table that can hold a person's data, as text, that contain `needle`. */
async function rowsMentioning(needle: string): Promise<string[]> {
  const tables = ['records', 'audit_events', 'launch_events', 'replica_holdings', 'okta_outbox', 'launch_nonces'];
  const found: string[] = [];
  for (const table of tables) {
    const rows = await world.server.db.query<{ row: string }>(
      `select t::text as row from ${table} t where position(lower($1) in lower(t::text)) > 0`,
      [needle],
    );
    found.push(...rows.map((r) => `${table}: ${r.row}`));
  }
  return found;
}

// Both engines: the scrubbing is SQL over jsonb and arrays, where PGlite and PostgreSQL could differ.
describe.each(['pglite', 'postgres'] as const)('permanently deleting a deactivated user (%s)', (store) => {
  beforeAll(async () => {
    world = await startSyncWorld(store);
    scimToken = (await rotateScimToken(world.server.db, 'erase-test')).token;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('leaves a "Deleted user" tombstone and nothing anywhere that names them', async () => {
    const bob = world.users.bob;
    // Bob's devices pulled records: the server remembers which ones they hold.
    expect((await api('bob', 'GET', '/api/v1/replication/accounts/pull')).status).toBe(200);
    const held = await world.server.db.query('select 1 from replica_holdings where user_id = $1', [bob.id]);
    expect(held.length).toBeGreaterThan(0);

    // Okta deactivates him: SCIM deprovisions (its audit row carries his userName).
    const off = await scim('PATCH', `/Users/${bob.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(await rowsMentioning(BOB_EMAIL)).not.toEqual([]);

    // What may still point at him afterwards: a share made since, a team membership, a
    // launch event with his Okta subject, an Okta error naming him.
    const ops = (await world.server.repo.get(world.server.db, 'teams', 'team-ops')) as Team;
    await seedRecords(world.server, {
      shares: [makeShare({ account: 'acct-private' }, { user: bob }, 'collaborator', 'sh-bob-late')],
      teams: [{ ...ops, memberIds: [...ops.memberIds, bob.id] }],
    });
    await world.server.db.query(
      `insert into launch_events (launch_id, user_id, okta_subject, device_id, account_id, outcome, reason)
       values ('launch-1', $1, $2, null, 'acct-shared', 'denied', 'user_inactive')`,
      [bob.id, OKTA_IDS.bob],
    );
    await world.server.db.query(
      `insert into okta_outbox (account_id, last_error) values ('acct-shared', $1)
       on conflict (account_id) do update set last_error = excluded.last_error`,
      [`Okta refused the assignment of ${BOB_EMAIL}`],
    );

    const res = await api('ada', 'POST', `/api/v1/users/${bob.id}/erase`);
    expect(res.status).toBe(200);
    const answer = EraseAnswer.parse(res.body);
    expect(answer).toMatchObject({ userId: bob.id, removedShareIds: ['sh-bob-late'], leftTeamIds: ['team-ops'] });

    const tomb = (await world.server.repo.get(world.server.db, 'users', bob.id)) as User;
    expect(tomb).toMatchObject({
      id: bob.id,
      userName: `${bob.id}@erased.invalid`,
      givenName: 'Deleted',
      familyName: 'user',
      externalId: null,
      active: false,
      role: 'user',
      erasedAt: answer.erasedAt,
    });
    expect(displayName(tomb)).toBe('Deleted user');

    // Shares, teams and holdings no longer reach him.
    expect(await world.server.repo.get(world.server.db, 'shares', 'sh-bob-late')).toBeNull();
    expect(((await world.server.repo.get(world.server.db, 'teams', 'team-ops')) as Team).memberIds).not.toContain(
      bob.id,
    );
    expect(await world.server.db.query('select 1 from replica_holdings where user_id = $1', [bob.id])).toEqual([]);

    // The history stays, under his id only.
    const launches = await world.server.db.query<{ user_id: string; okta_subject: string | null }>(
      "select user_id, okta_subject from launch_events where launch_id = 'launch-1'",
    );
    expect(launches).toEqual([{ user_id: bob.id, okta_subject: null }]);
    const audit = (await api('ada', 'GET', `/api/v1/audit?recordId=${bob.id}`)).body as AuditPage;
    const actions = audit.entries.map((e) => [e.action, e.actorId]);
    expect(actions).toContainEqual(['user.erase', world.users.ada.id]);
    expect(actions).toContainEqual(['scim.user.deprovisioned', null]);

    expect(await rowsMentioning(BOB_EMAIL)).toEqual([]);
    expect(await rowsMentioning(OKTA_IDS.bob)).toEqual([]);

    // Other admins' replicas receive the tombstone.
    const pulled = await api('ada', 'GET', '/api/v1/replication/users/pull');
    expect((pulled.body.documents as User[]).find((u) => u.id === bob.id)).toMatchObject({
      userName: `${bob.id}@erased.invalid`,
    });
  });

  it('is done once: asking again answers the same and writes nothing', async () => {
    const bob = world.users.bob;
    const before = await world.server.db.query<{ n: string }>('select count(*)::text as n from audit_events');
    const again = await api('ada', 'POST', `/api/v1/users/${bob.id}/erase`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ userId: bob.id, removedShareIds: [], leftTeamIds: [] });
    expect(await world.server.db.query<{ n: string }>('select count(*)::text as n from audit_events')).toEqual(before);
  });

  it('is gone for Okta: its old id is 404, and provisioning the same person creates a new user', async () => {
    const bob = world.users.bob;
    expect((await scim('GET', `/Users/${bob.id}`)).status).toBe(404);
    const reactivate = await scim('PATCH', `/Users/${bob.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(reactivate.status).toBe(404);
    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${BOB_EMAIL}"`)}`);
    expect(found.body.totalResults).toBe(0);

    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: BOB_EMAIL,
      externalId: OKTA_IDS.bob,
      name: { givenName: 'Bob', familyName: 'Test' },
      emails: [{ value: BOB_EMAIL, primary: true }],
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe(bob.id);
    const fresh = (await world.server.repo.get(world.server.db, 'users', created.body.id)) as User;
    expect(fresh).toMatchObject({ userName: BOB_EMAIL, active: true, erasedAt: null });
    // The new Bob starts with nothing: no share or team of the erased one comes back.
    const shares = await world.server.db.query(
      "select 1 from records where collection = 'shares' and not deleted and doc->>'granteeId' = $1",
      [created.body.id],
    );
    expect(shares).toEqual([]);
    expect((await world.server.repo.get(world.server.db, 'users', bob.id)) as User).toMatchObject({
      givenName: 'Deleted',
    });
  });
});

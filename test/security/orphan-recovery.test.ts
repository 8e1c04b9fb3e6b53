/**
 * Orphaned-account recovery is for workspace admins only, and only for accounts nobody owns:
 * a plain user or a Login-only user is refused before the path or body are read (the same
 * answer for an orphaned, an owned and a made-up account, so the refusal reveals nothing), and
 * an admin cannot use the command to take over an account that still has an Owner. Every
 * refusal leaves the store exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeAccount, makeShare, makeUser } from '../../dev/stack/workspace-factory';
import type { User } from '../../domain/records';
import { fingerprint } from './support/store-fingerprint';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  const gone = makeUser({ id: 'user-gone', givenName: 'Gone', familyName: 'Owner', active: false });
  const orphan = makeAccount({ id: 'acct-orphan', name: 'Orphan' });
  await seedRecords(world.server, {
    // Cy becomes a workspace Admin with no role on anyone's accounts.
    users: [gone, { ...world.users.cy, role: 'admin' } satisfies User],
    accounts: [orphan],
    shares: [makeShare({ account: orphan }, { user: gone }, 'owner', 'sh-gone-orphan')],
  });
});
afterAll(async () => {
  await world?.close();
});

async function call(person: Person | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (person !== null) headers.authorization = `Bearer ${await world.token(person)}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${world.server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text };
}

describe('orphaned-account recovery refuses', () => {
  it('plain and Login-only users on both routes, with one answer whatever the account, and writes nothing', async () => {
    const before = await fingerprint(world.server.db);
    for (const person of ['bob', 'lou'] as const) {
      const list = await call(person, 'GET', '/api/v1/accounts/orphaned');
      expect(list.status, person).toBe(403);
      expect(JSON.parse(list.body).error.code, person).toBe('not_admin');
      expect(list.body).not.toMatch(/Orphan|Gone/);

      const refused = new Set<string>();
      for (const id of ['acct-orphan', 'acct-private', 'acct-never-existed', 'x'.repeat(65)]) {
        for (const body of [{ userId: world.users[person].id }, { userId: 'user-nobody' }, { nope: 1 }]) {
          const res = await call(person, 'POST', `/api/v1/accounts/${id}/owner`, body);
          refused.add(`${res.status} ${res.body}`);
        }
        // Malformed JSON is refused by the parser, the same way whichever account is named.
        const malformed = await call(person, 'POST', `/api/v1/accounts/${id}/owner`, '{"not json');
        expect(malformed.status, id).toBe(400);
        expect(malformed.body, id).not.toMatch(/Orphan|Gone|acct-/);
      }
      expect([...refused], person).toHaveLength(1);
      expect([...refused][0], person).toMatch(/^403 .*"not_admin"/);
    }
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('callers without a token or with a forged one, before the body is read', async () => {
    const before = await fingerprint(world.server.db);
    expect((await call(null, 'GET', '/api/v1/accounts/orphaned')).status).toBe(401);
    expect((await call(null, 'POST', '/api/v1/accounts/acct-orphan/owner', { userId: 'user-bob' })).status).toBe(401);
    const forged = await fetch(`${world.server.url}/api/v1/accounts/acct-orphan/owner`, {
      method: 'POST',
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user-bob' }),
    });
    expect(forged.status).toBe(401);
    expect(await fingerprint(world.server.db)).toEqual(before);
  });

  it('an admin taking over an account that still has an Owner, for someone else or for themselves', async () => {
    const before = await fingerprint(world.server.db);
    for (const [accountId, userId] of [
      ['acct-private', world.users.cy.id],
      ['acct-private', world.users.bob.id],
      ['acct-shared', world.users.cy.id],
      // Owned through ada's Owner share on its collection.
      ['acct-in-coll', world.users.cy.id],
    ] as const) {
      const res = await call('cy', 'POST', `/api/v1/accounts/${accountId}/owner`, { userId });
      expect(res.status, accountId).toBe(409);
      expect(JSON.parse(res.body).error).toEqual({
        code: 'not_orphaned',
        message: 'This account still has an Owner: ask them.',
      });
    }
    expect(await fingerprint(world.server.db)).toEqual(before);
    // What the admin may do, they may: the orphaned account gets them as its Owner.
    const allowed = await call('cy', 'POST', '/api/v1/accounts/acct-orphan/owner', { userId: world.users.cy.id });
    expect(allowed.status).toBe(200);
  });
});

/**
 * Identity and input edges of the sync API, against a real server and real simulator tokens:
 * who gets 401 or 403, and that bad input gets a clear 4xx and writes nothing.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../../dev/stack/seed-records';
import { OKTA_IDS, type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';

interface ApiBody {
  error?: { code: string; message: string };
  conflicts?: { reason?: string; document: Record<string, unknown> }[];
}

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

const api = async (path: string, init: RequestInit & { token?: string } = {}) => {
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${world.server.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as ApiBody) };
};
const as = (person: Person) => world.token(person);
const head = () => world.server.repo.headSeq(world.server.db);
async function must<T>(found: Promise<T | null>): Promise<T> {
  const value = await found;
  if (value === null) throw new Error('expected the record to exist on the server');
  return value;
}
const serverAccount = () => must(world.server.repo.get(world.server.db, 'accounts', 'acct-shared'));

describe('identity', () => {
  it('answers 401 without a bearer token, on pulls and on the stream', async () => {
    expect((await api('/api/v1/replication/accounts/pull')).body?.error?.code).toBe('unauthenticated');
    expect((await api('/api/v1/replication/accounts/pull')).status).toBe(401);
    expect((await api('/api/v1/replication/stream')).status).toBe(401);
  });

  it('answers 401 to a token signed by a key the issuer does not publish', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = (await exportJWK(publicKey)).n?.slice(0, 16) ?? 'forged';
    const forged = await new SignJWT({ uid: OKTA_IDS.ada })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(world.sim.issuer)
      .setAudience(world.sim.audience)
      .setSubject(OKTA_IDS.ada)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    const res = await api('/api/v1/replication/accounts/pull', { token: forged });
    expect(res.status).toBe(401);
  });

  it('answers 401 to an expired token and to a token for another audience', async () => {
    const expired = await world.token('ada', { expiresInSeconds: -120 });
    const res = await api('/api/v1/replication/accounts/pull', { token: expired });
    expect(res.status).toBe(401);
    expect(res.body?.error?.message).toMatch(/expired/i);
    const otherAudience = await world.token('ada', { audience: 'api://someone-else' });
    expect((await api('/api/v1/replication/accounts/pull', { token: otherAudience })).status).toBe(401);
  });

  it('answers 403 with what to do when the Okta user is not provisioned', async () => {
    const res = await api('/api/v1/replication/accounts/pull', { token: await as('zed') });
    expect(res.status).toBe(403);
    expect(res.body?.error?.code).toBe('user_not_provisioned');
    expect(res.body?.error?.message).toMatch(/IT admin/);
  });
});

describe('bad input writes nothing', () => {
  it('rejects malformed JSON with 400', async () => {
    const before = await head();
    const res = await api('/api/v1/replication/accounts/push', {
      method: 'POST',
      body: '[{"newDocumentState":',
      token: await as('ada'),
    });
    expect(res.status).toBe(400);
    expect(res.body?.error?.code).toBe('invalid_json');
    expect(await head()).toBe(before);
  });

  it('rejects wrong types with 400 and names the field, writing no row of the batch', async () => {
    const before = await head();
    const good = { ...(await serverAccount()), labels: ['fine'], _deleted: false };
    const bad = { ...good, id: 'acct-bad', labels: 'not-an-array' };
    const res = await api('/api/v1/replication/accounts/push', {
      method: 'POST',
      token: await as('ada'),
      body: JSON.stringify([
        { newDocumentState: good, assumedMasterState: { ...(await serverAccount()), _deleted: false } },
        { newDocumentState: bad, assumedMasterState: null },
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.body?.error?.code).toBe('bad_request');
    expect(res.body?.error?.message).toMatch(/labels/);
    expect(await head()).toBe(before);
  });

  it('answers 404 for an unknown collection', async () => {
    const res = await api('/api/v1/replication/passwords/pull', { token: await as('ada') });
    expect(res.status).toBe(404);
    expect(res.body?.error?.code).toBe('unknown_collection');
  });

  it('answers 413 for a body over the documented limit', async () => {
    const before = await head();
    const huge = JSON.stringify([{ newDocumentState: { id: 'x', _deleted: true, pad: 'x'.repeat(6 * 1024 * 1024) } }]);
    const res = await api('/api/v1/replication/accounts/push', { method: 'POST', body: huge, token: await as('ada') });
    expect(res.status).toBe(413);
    expect(res.body?.error?.code).toBe('payload_too_large');
    expect(await head()).toBe(before);
  });

  it('answers 400 for a checkpoint or limit that does not parse', async () => {
    const token = await as('ada');
    for (const q of ['checkpoint=abc', 'checkpoint=-1', 'checkpoint=%7B%7D', 'limit=0', 'limit=999999']) {
      const res = await api(`/api/v1/replication/accounts/pull?${q}`, { token });
      expect(res.status, q).toBe(400);
      expect(res.body?.error?.code).toBe('bad_request');
    }
  });
});

describe('push rules', () => {
  const push = async (person: Person, collection: string, rows: unknown[]) =>
    api(`/api/v1/replication/${collection}/push`, {
      method: 'POST',
      token: await as(person),
      body: JSON.stringify(rows),
    });

  it('answers a stale assumedMasterState with a conflict carrying the server state and no reason', async () => {
    const current = await serverAccount();
    const stale = { ...current, name: 'What I saw before', _deleted: false };
    const res = await push('ada', 'accounts', [
      { newDocumentState: { ...current, name: 'Mine', _deleted: false }, assumedMasterState: stale },
    ]);
    expect(res.status).toBe(200);
    expect(res.body?.conflicts).toHaveLength(1);
    expect(res.body?.conflicts?.[0]?.reason).toBeUndefined();
    expect(res.body?.conflicts?.[0]?.document.name).toBe(current.name);
    expect((await serverAccount()).name).toBe(current.name);
  });

  it('refuses changes to server-owned fields, read-only collections and settings by non-admins', async () => {
    const current = { ...(await serverAccount()), _deleted: false };
    const forged = await push('ada', 'accounts', [
      { newDocumentState: { ...current, oktaAppId: '0oaForged' }, assumedMasterState: current },
    ]);
    expect(forged.body?.conflicts?.[0]?.reason).toBe('server_owned_field');
    const synced = await push('ada', 'accounts', [
      { newDocumentState: { ...current, extensionState: 'synced' }, assumedMasterState: current },
    ]);
    expect(synced.body?.conflicts?.[0]?.reason).toBe('server_owned_field');

    const bob = { ...world.users.bob, _deleted: false };
    const promote = await push('bob', 'users', [
      { newDocumentState: { ...bob, role: 'owner' }, assumedMasterState: { ...bob, externalId: null } },
    ]);
    expect(promote.body?.conflicts?.[0]?.reason).toBe('read_only_collection');
    expect((await world.server.repo.get(world.server.db, 'users', 'user-bob'))?.role).toBe('user');

    const settings = {
      ...(await must(world.server.repo.get(world.server.db, 'settings', 'workspace'))),
      _deleted: false,
    };
    // The workspace-wide All-Access switch is gone: sending it changes nothing for anyone.
    const toggle = { newDocumentState: { ...settings, allAccessMode: true }, assumedMasterState: settings };
    for (const person of ['bob', 'ada'] as const) {
      const res = await push(person, 'settings', [toggle]);
      expect(res.status).toBe(200);
      expect(await world.server.repo.get(world.server.db, 'settings', 'workspace')).not.toHaveProperty('allAccessMode');
    }
  });

  it('refuses extension and the feature switch over replication: only the REST commands change them', async () => {
    const current = { ...(await serverAccount()), _deleted: false };
    for (const forged of [
      { extensionState: 'pending' },
      { extendedAt: '2026-02-01T09:00:00.000Z' },
      { lastError: null, extensionState: 'off', extendedByCollection: true },
    ]) {
      const res = await push('ada', 'accounts', [
        { newDocumentState: { ...current, ...forged }, assumedMasterState: current },
      ]);
      expect(res.body?.conflicts).toMatchObject([
        { reason: 'server_owned_field', document: { extensionState: 'off' } },
      ]);
    }
    expect((await serverAccount()).extensionState).toBe('off');
    const settings = {
      ...(await must(world.server.repo.get(world.server.db, 'settings', 'workspace'))),
      _deleted: false,
    };
    const off = await push('ada', 'settings', [
      { newDocumentState: { ...settings, extendedAccessEnabled: false }, assumedMasterState: settings },
    ]);
    expect(off.body?.conflicts).toMatchObject([
      { reason: 'server_owned_field', document: { extendedAccessEnabled: true } },
    ]);
    expect((await must(world.server.repo.get(world.server.db, 'settings', 'workspace'))).extendedAccessEnabled).toBe(
      true,
    );
  });
});

describe('deactivation', () => {
  it('ends the live stream and answers 403 user_inactive once SCIM deactivates the user', async () => {
    const stream = await fetch(`${world.server.url}/api/v1/replication/stream`, {
      headers: { authorization: `Bearer ${await as('bob')}` },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    if (reader === undefined) throw new Error('no stream body');
    let received = '';
    const ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return received;
        received += new TextDecoder().decode(value);
      }
    })();
    await seedRecords(world.server, { users: [{ ...world.users.bob, active: false }] });
    // The stream ends by itself; before, it said RESYNC and nothing about the deactivation.
    expect(await ended).toBe('data: {"type":"RESYNC"}\n\n');
    const res = await api('/api/v1/replication/accounts/pull', { token: await as('bob') });
    expect(res.status).toBe(403);
    expect(res.body?.error?.code).toBe('user_inactive');
  });
});

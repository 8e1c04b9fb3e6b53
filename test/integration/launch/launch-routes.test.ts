/**
 * The sync server's launch endpoints on a real PostgreSQL database with tokens from the Okta
 * simulator: the chiclet page reveals nothing, and the authorisation applies the launch policy
 * through every share path and audits every answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRecords, seedRecords } from '../../../dev/stack/seed-records';
import { OKTA_IDS, type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { launchEventsFor } from '../../../sync-server/launch/launch-events';

let world: SyncWorld;
type Answer = {
  decision?: string;
  launchId?: string;
  secretsFrom?: string;
  account?: unknown;
  error: { code: string; message: string };
};

beforeAll(async () => {
  world = await startSyncWorld('postgres');
});
afterAll(async () => {
  await world?.close();
});

async function authorize(person: Person | null, accountId: string) {
  const headers: Record<string, string> = { 'x-latchkey-device': 'device-1' };
  if (person) headers.authorization = `Bearer ${await world.token(person)}`;
  const res = await fetch(`${world.server.url}/api/v1/launch/${accountId}/authorize`, { method: 'POST', headers });
  return { status: res.status, body: (await res.json()) as Answer };
}

async function secrets(person: Person, accountId: string, launchId: string) {
  const res = await fetch(`${world.server.url}/api/v1/launch/${accountId}/secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await world.token(person)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ launchId }),
  });
  return { status: res.status, body: (await res.json()) as Answer & { password?: string }, headers: res.headers };
}

describe('GET /launch/:accountId', () => {
  it('hands off to latchkey:// and says nothing about the account, existing or not', async () => {
    const real = await fetch(`${world.server.url}/launch/acct-shared`);
    const unknown = await fetch(`${world.server.url}/launch/acct-nobody-has`);
    const realHtml = await real.text();
    expect(real.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(realHtml).toContain('latchkey://launch/acct-shared');
    for (const secretish of ['Brand Instagram', 'secret-of-acct-shared', 'example.com', 'bob']) {
      expect(realHtml).not.toContain(secretish);
    }
    // Same page for both ids apart from the id itself, the CSP nonce and the one-time launch
    // nonce (minted for any well-formed id): existence does not leak.
    const normalise = (html: string, id: string) =>
      html
        .replaceAll(id, 'ID')
        .replace(/nonce="[^"]+"/g, 'nonce')
        .replace(/\?n=[A-Za-z0-9_-]{43}/g, '?n=N');
    expect(normalise(await unknown.text(), 'acct-nobody-has')).toBe(normalise(realHtml, 'acct-shared'));
    expect(real.headers.get('cache-control')).toBe('no-store');
    expect(real.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(real.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refuses ids that are not ids without handing anything off', async () => {
    const res = await fetch(`${world.server.url}/launch/${encodeURIComponent('x"><script>alert(1)</script>')}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('latchkey://');
  });
});

describe('POST /api/v1/launch/:accountId/authorize', () => {
  it('allows a direct collaborator and answers the login page details, never the password', async () => {
    const { status, body } = await authorize('bob', 'acct-shared');
    expect(status).toBe(200);
    expect(body).toMatchObject({ decision: 'allowed', account: { id: 'acct-shared', name: 'Brand Instagram' } });
    expect(JSON.stringify(body)).not.toContain('secret-of-acct-shared');
    const events = await launchEventsFor(world.server.db, 'acct-shared');
    expect(events.at(-1)).toMatchObject({
      userId: 'user-bob',
      deviceId: 'device-1',
      outcome: 'allowed',
      launchId: body.launchId,
    });
  });

  it('allows through a collection share', async () => {
    const { status } = await authorize('ada', 'acct-in-coll');
    expect(status).toBe(200);
  });

  it('lets a Login-only user log in through a team share; the host, not the replica, brings the secrets', async () => {
    const { status, body } = await authorize('lou', 'acct-shared');
    expect(status).toBe(200);
    expect(body).toMatchObject({ decision: 'allowed', secretsFrom: 'server' });
    expect(JSON.stringify(body)).not.toContain('secret-of-acct-shared');
    const events = await launchEventsFor(world.server.db, 'acct-shared');
    expect(events.at(-1)).toMatchObject({ userId: 'user-lou', outcome: 'allowed', secretsReleasedAt: null });
    // A collaborator who sees the credentials takes them from the replica as before.
    expect((await authorize('bob', 'acct-shared')).body.secretsFrom).toBe('replica');
  });

  it('releases a launch’s secrets once, to the user it was authorised for, and records it', async () => {
    const launch = await authorize('lou', 'acct-shared');
    const launchId = launch.body.launchId ?? '';
    // Another member, even one who may launch the account, cannot use Lou's launch.
    expect((await secrets('bob', 'acct-shared', launchId)).body.error.code).toBe('launch_not_waiting');
    const first = await secrets('lou', 'acct-shared', launchId);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ password: 'secret-of-acct-shared', totpSecret: 'JBSWY3DPEHPK3PXP' });
    expect(first.headers.get('cache-control')).toBe('no-store');
    const events = await launchEventsFor(world.server.db, 'acct-shared');
    expect(events.find((e) => e.launchId === launchId)?.secretsReleasedAt).not.toBeNull();
    const second = await secrets('lou', 'acct-shared', launchId);
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe('launch_not_waiting');
    expect(JSON.stringify(second.body)).not.toContain('secret-of');
  });

  it('refuses the secrets of a launch authorised too long ago, or for another account', async () => {
    const launch = await authorize('lou', 'acct-shared');
    const launchId = launch.body.launchId ?? '';
    expect((await secrets('lou', 'acct-in-coll', launchId)).status).toBe(403);
    await world.server.db.query("update launch_events set at = now() - interval '3 minutes' where launch_id = $1", [
      launchId,
    ]);
    const late = await secrets('lou', 'acct-shared', launchId);
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('launch_not_waiting');
  });

  it('blocks a member without any share without naming the owners', async () => {
    const { status, body } = await authorize('cy', 'acct-private');
    expect(status).toBe(403);
    expect(body.error.code).toBe('no_item_role');
    expect(body.error.message).not.toMatch(/ada/i);
  });

  it('blocks a collaborator whose share was removed', async () => {
    await removeRecords(world.server, 'shares', ['sh-bob-shared']);
    const { status, body } = await authorize('bob', 'acct-shared');
    expect(status).toBe(403);
    expect(body.error.code).toBe('no_item_role');
  });

  it('blocks and audits a deactivated user; ignores calls without a token', async () => {
    await seedRecords(world.server, { users: [{ ...world.users.cy, active: false }] });
    const inactive = await authorize('cy', 'acct-shared');
    expect(inactive.status).toBe(403);
    expect(inactive.body.error.code).toBe('user_inactive');
    const anonymous = await authorize(null, 'acct-shared');
    expect(anonymous.status).toBe(401);
    const events = await launchEventsFor(world.server.db, 'acct-shared');
    expect(events.at(-1)).toMatchObject({
      userId: null,
      oktaSubject: OKTA_IDS.cy,
      outcome: 'denied',
      reason: 'user_inactive',
    });
  });
});

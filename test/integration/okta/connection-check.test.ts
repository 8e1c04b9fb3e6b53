/**
 * The Okta connection check over a real stack (sync server + PostgreSQL + the simulator as the
 * Okta org): "Connected" only after an authenticated call succeeded; a wrong SSWS token shows
 * Okta's 401 E0000011 and what to do; an org nobody answers at shows that; a service app without
 * okta.apps.read names the scope; a fix is seen on Refresh; and a refusal Okta gives the
 * reconciler while the server runs shows without anyone pressing Refresh.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId, oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare, makeUser } from '../../../dev/stack/workspace-factory';
import type { OktaConnection } from '../../../domain/wire/okta-connection';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { keyPair } from './service-app-support';

const ADMIN = oktaUserId(1);
const MEMBER = oktaUserId(2);
const CLIENT_ID = '0oaLatchkeySvc0000001';
const KEY_ID = 'conn-key-1';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stackWith(opts: Parameters<typeof startOktaStack>[0]): Promise<OktaStack> {
  const stack = await startOktaStack({ users: 2, contract: true, ...opts });
  cleanups.push(() => stack.close());
  await stack.seed({
    settings: [makeSettings({ extendedAccessEnabled: true })],
    users: [
      makeUser({ id: 'u1', role: 'owner', externalId: ADMIN }),
      makeUser({ id: 'u2', role: 'user', externalId: MEMBER }),
    ],
  });
  return stack;
}

const status = async (stack: OktaStack, who = ADMIN): Promise<OktaConnection> => {
  const res = await stack.api(who, 'GET', '/api/v1/okta/status');
  expect(res.status).toBe(200);
  return (res.body as { connection: OktaConnection }).connection;
};
const refresh = async (stack: OktaStack): Promise<OktaConnection> => {
  const res = await stack.api(ADMIN, 'POST', '/api/v1/okta/connection/check');
  expect(res.status).toBe(200);
  return (res.body as { connection: OktaConnection }).connection;
};
const readyz = async (stack: OktaStack) => {
  const res = await fetch(`${stack.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; okta?: Partial<OktaConnection> } };
};

/** A local port nothing listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the Okta connection check', () => {
  it('says Connected once an authenticated call succeeded (GET /api/v1/apps?limit=1)', async () => {
    const stack = await stackWith({});
    const connection = await status(stack);
    expect(connection).toMatchObject({ state: 'connected', httpStatus: null, oktaErrorCode: null });
    expect(connection.checkedAt).not.toBeNull();
    const probes = stack.sim.requests().filter((r) => r.method === 'GET' && r.path === '/api/v1/apps');
    expect(probes.length).toBeGreaterThanOrEqual(1);
    expect(probes.every((r) => r.status === 200)).toBe(true);
    expect(await readyz(stack)).toMatchObject({ status: 200, body: { status: 'ready', okta: { state: 'connected' } } });
  });

  it("shows Okta's 401 E0000011 for a wrong API token, and what to do, while the server stays ready", async () => {
    const stack = await stackWith({ oktaServer: (sim) => ({ orgUrl: sim.url, apiToken: 'not-the-orgs-token' }) });
    const connection = await status(stack);
    expect(connection).toMatchObject({ state: 'refused', httpStatus: 401, oktaErrorCode: 'E0000011' });
    expect(connection.message).toContain('401 E0000011 "Invalid token provided"');
    expect(connection.message).toContain('Security → API → Tokens');
    expect(connection.message).toContain('--okta-api-token');
    expect(connection.message).not.toContain('not-the-orgs-token');
    // Every member sees the state; only admins make Okta calls to check it.
    expect((await status(stack, MEMBER)).state).toBe('refused');
    const refused = await stack.api(MEMBER, 'POST', '/api/v1/okta/connection/check');
    expect(refused.status).toBe(403);
    expect((await refresh(stack)).state).toBe('refused');
    // Sync works without Okta: the outage is detail, not a reason to leave the balancer.
    expect(await readyz(stack)).toMatchObject({
      status: 200,
      body: { status: 'ready', okta: { state: 'refused', httpStatus: 401, oktaErrorCode: 'E0000011' } },
    });
    expect(JSON.stringify((await readyz(stack)).body)).not.toContain(stack.sim.url);
  });

  it('says an org nobody answers at is unreachable, and Connected on Refresh once it answers', async () => {
    const port = await freePort();
    const token = 'org-token-for-the-late-org';
    const stack = await stackWith({ oktaServer: () => ({ orgUrl: `http://127.0.0.1:${port}`, apiToken: token }) });
    const down = await status(stack);
    expect(down.state).toBe('unreachable');
    expect(down.message).toContain(`Okta at http://127.0.0.1:${port} could not be reached`);
    expect(down.message).toContain('ECONNREFUSED');
    expect(down.message).toContain('--okta-org-url');

    const org: OktaSim = await startOktaSim({ port, apiToken: token, seed: { users: oktaUserSeed(2) } });
    cleanups.push(() => org.close());
    expect((await refresh(stack)).state).toBe('connected');
    expect((await status(stack)).state).toBe('connected');
  });

  it('names the scope a service app was not granted, and sees it granted on Refresh', async () => {
    const key = await keyPair(KEY_ID);
    const stack = await stackWith({
      sim: { serviceApps: [{ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.manage'] }] },
      oktaServer: (sim) => ({
        orgUrl: sim.url,
        clientId: CLIENT_ID,
        privateKey: JSON.stringify(key.privateJwk),
        keyId: KEY_ID,
      }),
    });
    const missing = await status(stack);
    expect(missing).toMatchObject({ state: 'missing_scope', scopes: ['okta.apps.read'] });
    expect(missing.message).toContain('missing the scope okta.apps.read');
    expect(missing.message).toContain('Okta API Scopes');
    expect((await readyz(stack)).body.okta).toMatchObject({ state: 'missing_scope', scopes: ['okta.apps.read'] });

    stack.sim.registerServiceApp({
      clientId: CLIENT_ID,
      publicJwks: [key.publicJwk],
      scopes: ['okta.apps.read', 'okta.apps.manage'],
    });
    expect(await refresh(stack)).toMatchObject({ state: 'connected', scopes: [] });
  });

  it('checks again by itself when Okta refuses a reconciler call (a scope taken away while running)', async () => {
    const key = await keyPair(KEY_ID);
    const granted = ['okta.apps.read', 'okta.apps.manage'];
    const stack = await stackWith({
      sim: { serviceApps: [{ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: granted }] },
      oktaServer: (sim) => ({
        orgUrl: sim.url,
        clientId: CLIENT_ID,
        privateKey: JSON.stringify(key.privateJwk),
        keyId: KEY_ID,
      }),
    });
    expect((await status(stack)).state).toBe('connected');

    // An Okta admin revokes okta.apps.read; the tokens issued before it end.
    stack.sim.registerServiceApp({ clientId: CLIENT_ID, publicJwks: [key.publicJwk], scopes: ['okta.apps.manage'] });
    stack.sim.expireServiceAppTokens(CLIENT_ID);
    const owner = makeUser({ id: 'u1', role: 'owner', externalId: ADMIN });
    const account = makeAccount({ id: 'acct-conn', name: 'Refused Vendor', extensionState: 'off' });
    await stack.seed({ accounts: [account], shares: [makeShare({ account }, { user: owner }, 'owner', 's-conn')] });
    expect((await stack.api(ADMIN, 'POST', `/api/v1/accounts/${account.id}/extend`)).status).toBe(202);

    const seen = await eventually<OktaConnection | undefined>(
      async () => {
        const c = await status(stack);
        return c.state === 'missing_scope' ? c : undefined;
      },
      20_000,
      'the connection state after the refused call',
    );
    expect(seen?.scopes).toEqual(['okta.apps.read']);
    expect(seen?.lastRefusal?.message).toContain('invalid_scope');
  });
});

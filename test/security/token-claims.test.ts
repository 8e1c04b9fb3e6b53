/**
 * Tokens the identity provider signed, but not for Latchkey's desktop app: minted for another
 * client of the same org, without the expected scope, without an expiry — and an issuer whose
 * discovery document names someone else. Each is signed by a key this test controls, served
 * from a local JWKS, so everything but the claim under test is valid. Plus the configuration
 * an attacker on the network path would need: an `http` issuer or Okta org that is not loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Finished, start } from '../../dev/stack/cli-process';
import { seedRecords } from '../../dev/stack/seed-records';
import { startSyncServer, type TestSyncServer } from '../../dev/stack/sync-server';
import { makeSettings, makeUser } from '../../dev/stack/workspace-factory';

const AUDIENCE = 'api://latchkey';
const DESKTOP = 'latchkey-desktop';
const SUBJECT = '00utokenclaims000001';

interface Issuer {
  url: string;
  sign(claims: JWTPayload, opts?: { exp?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** An authorization server of our own: discovery (naming `claimedIssuer`, or itself) and JWKS. */
async function startIssuer(claimedIssuer?: string): Promise<Issuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let url = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.endsWith('/.well-known/openid-configuration')) {
      res.end(JSON.stringify({ issuer: claimedIssuer ?? url, jwks_uri: `${url}/keys` }));
    } else if (req.url?.endsWith('/keys')) {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/default`;
  return {
    url,
    async sign(claims, opts = {}) {
      let jwt = new SignJWT({ uid: SUBJECT, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'at+jwt' })
        .setIssuer(url)
        .setAudience(AUDIENCE)
        .setSubject(SUBJECT)
        .setIssuedAt();
      if (opts.exp !== false) jwt = jwt.setExpirationTime('10m');
      return jwt.sign(privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function serverFor(issuer: Issuer): Promise<TestSyncServer> {
  const server = await startSyncServer({ store: 'pglite', issuer: issuer.url, audience: AUDIENCE });
  await seedRecords(server, {
    settings: [makeSettings({ name: 'Acme' })],
    users: [makeUser({ id: 'user-ada', userName: 'ada@example.com', role: 'owner', externalId: SUBJECT })],
  });
  return server;
}

async function pull(server: TestSyncServer, token: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/replication/settings/pull`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res.status;
}

let issuer: Issuer;
let server: TestSyncServer;
beforeAll(async () => {
  issuer = await startIssuer();
  server = await serverFor(issuer);
});
afterAll(async () => {
  await server?.close();
  await issuer?.close();
});

const DESKTOP_CLAIMS = { cid: DESKTOP, scp: ['openid', 'profile', 'email', 'offline_access'] };

describe('a token signed by the identity provider but not meant for Latchkey is refused', () => {
  it('accepts the desktop app’s own token (the control)', async () => {
    expect(await pull(server, await issuer.sign(DESKTOP_CLAIMS))).toBe(200);
  });

  it('refuses a token minted for another client of the same org, or naming no client', async () => {
    expect(await pull(server, await issuer.sign({ ...DESKTOP_CLAIMS, cid: 'okta-dashboard' }))).toBe(401);
    expect(await pull(server, await issuer.sign({ scp: DESKTOP_CLAIMS.scp }))).toBe(401);
  });

  it('refuses a token without the expected scope', async () => {
    expect(await pull(server, await issuer.sign({ cid: DESKTOP, scp: ['okta.apps.read'] }))).toBe(401);
    expect(await pull(server, await issuer.sign({ cid: DESKTOP }))).toBe(401);
  });

  it('refuses a token that never expires', async () => {
    expect(await pull(server, await issuer.sign(DESKTOP_CLAIMS, { exp: false }))).toBe(401);
  });

  it('trusts no key from an issuer whose discovery document names another issuer', async () => {
    const impostor = await startIssuer('https://acme.okta.com/oauth2/default');
    const victim = await serverFor(impostor);
    try {
      const status = await pull(victim, await impostor.sign(DESKTOP_CLAIMS));
      expect(status).not.toBe(200);
      expect([401, 503]).toContain(status);
    } finally {
      await victim.close();
      await impostor.close();
    }
  });
});

/** Runs the server CLI; if it starts listening after all, stops it so no process outlives the test. */
async function startServerCli(args: string[]): Promise<Finished & { listened: boolean }> {
  const cli = start('sync-server/cli.ts', args);
  const listened = await cli.waitFor(/listening on/).then(
    () => true,
    () => false,
  );
  return { ...(await cli.stop()), listened };
}

describe('the server refuses to start with an identity provider reached in clear', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'latchkey-insecure-issuer-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses an http issuer that is not loopback', async () => {
    const { code, stderr, listened } = await startServerCli([
      '--port',
      '0',
      '--data',
      join(root, 'a'),
      '--issuer',
      'http://acme.okta.com/oauth2/default',
    ]);
    expect(listened).toBe(false);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/https/);
  });

  it('refuses an http Okta org URL that is not loopback', async () => {
    const { code, stderr, listened } = await startServerCli([
      '--port',
      '0',
      '--data',
      join(root, 'b'),
      '--issuer',
      'https://acme.okta.com/oauth2/default',
      '--okta-org-url',
      'http://acme.okta.com',
      '--okta-api-token',
      'not-used',
    ]);
    expect(listened).toBe(false);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/https/);
  });
});

/**
 * What the sync server writes to its log, read from the real CLI's output: request lines with
 * method, path and status, and never a SCIM filter value, an e-mail address, a token or a record.
 * And SCIM locations come from --public-url, never from a Host header an attacker sends.
 * Every line of a request carries its id, the one echoed in `x-request-id`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type RunningCli, run, start } from '../../dev/stack/cli-process';
import { createTestDatabase } from '../../dev/stack/postgres';
import { makeAccount, makeCredentials } from '../../dev/stack/workspace-factory';
import { type OktaSim, startOktaSim } from '../../okta-sim/index';

const CLI = 'sync-server/cli.ts';
const PUBLIC_URL = 'https://latchkey.example.com';
const EMAIL = 'secret.person@example.com';

let dataDir: string;
let server: RunningCli;
let url: string;
let scimToken: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-logs-'));
  const rotated = await run(CLI, ['scim-token', 'rotate', '--data', dataDir]);
  expect(rotated.code, rotated.stderr).toBe(0);
  scimToken = rotated.stdout.trim();
  server = start(
    CLI,
    ['--port', '0', '--data', dataDir, '--issuer', 'http://127.0.0.1:9/oauth2/default', '--public-url', PUBLIC_URL],
    cleanEnv({ LOG_LEVEL: 'info' }),
  );
  url = (await server.waitFor(/listening on (http:\/\/\S+)/))[1] ?? '';
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const scim = (path: string, init: RequestInit = {}) =>
  fetch(`${url}/scim/v2${path}`, {
    ...init,
    headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json', ...init.headers },
  });

describe('the server log', () => {
  it('records SCIM requests without their filters, bodies or tokens', async () => {
    const created = await scim('/Users', {
      method: 'POST',
      body: JSON.stringify({
        userName: EMAIL,
        emails: [{ value: EMAIL, primary: true }],
        externalId: '00usecretexternal01',
      }),
    });
    expect(created.status).toBe(201);
    const found = await scim(`/Users?filter=${encodeURIComponent(`userName eq "${EMAIL}"`)}`);
    expect(((await found.json()) as { totalResults: number }).totalResults).toBe(1);
    const refused = await fetch(`${url}/scim/v2/Users`, { headers: { authorization: 'Bearer wrong-token-value-123' } });
    expect(refused.status).toBe(401);
    const pull = await fetch(`${url}/api/v1/replication/accounts/pull`, {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.forged-signature' },
    });
    // 401, or 503 while the issuer's keys cannot be fetched: either way the token is not logged.
    expect([401, 503]).toContain(pull.status);

    // The last request's line is in the log once the server answered a marker request after it.
    await fetch(`${url}/healthz?marker=end-of-requests`);
    await server.waitFor(/end-of-requests/);
    const log = server.stdout + server.stderr;
    expect(log).toContain('/scim/v2/Users?[query redacted]');
    for (const secret of [
      EMAIL,
      'secret.person',
      scimToken,
      'wrong-token-value-123',
      'forged-signature',
      '00usecretexternal01',
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('builds SCIM locations from --public-url whatever Host the request names', async () => {
    const res = await scim('/Groups', {
      method: 'POST',
      headers: { host: 'evil.example' },
      body: JSON.stringify({ displayName: 'Located' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${PUBLIC_URL}/scim/v2/Groups/`));
    expect(((await res.json()) as { meta: { location: string } }).meta.location).toMatch(new RegExp(`^${PUBLIC_URL}/`));
  });
});

it('warns at start when --public-url is not set, naming the flag', async () => {
  // PostgreSQL starts faster than a fresh PGlite folder; the warning is the same on either.
  const database = await createTestDatabase();
  const bare = start(
    CLI,
    ['--port', '0', '--issuer', 'http://127.0.0.1:9/oauth2/default'],
    cleanEnv({ DATABASE_URL: database.url, LATCHKEY_CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64') }),
  );
  try {
    await bare.waitFor(/--public-url \(or LATCHKEY_PUBLIC_URL\) is not set/);
  } finally {
    await bare.stop();
    await database.drop();
  }
});

describe('the log of a working day: provisioning, a credentials push and a launch', () => {
  const PERSON = 'logged.owner@example.com';
  const OKTA_ID = '00ulogowner000000001';
  const PASSWORD = 'Pushed-Password-4f9c2e';
  const TOTP = 'KRUGS4ZANFZSA43FMNZGK5BA';
  const ACCOUNT_NAME = 'Confidential Vendor Portal';

  it('holds no e-mail, token, SCIM filter value or password, and every request line has its id', async () => {
    const sim: OktaSim = await startOktaSim({
      port: 0,
      seed: {
        users: [{ id: OKTA_ID, login: PERSON, email: PERSON, firstName: 'Lo', lastName: 'Gged', password: 'x' }],
      },
    });
    const database = await createTestDatabase();
    const env = cleanEnv({
      DATABASE_URL: database.url,
      LATCHKEY_CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
      LOG_LEVEL: 'info',
    });
    let day: RunningCli | undefined;
    try {
      const rotated = await run(CLI, ['scim-token', 'rotate'], env);
      expect(rotated.code, rotated.stderr).toBe(0);
      const token = rotated.stdout.trim();
      day = start(
        CLI,
        ['--port', '0', '--issuer', sim.issuer, '--audience', sim.audience, '--public-url', PUBLIC_URL],
        { ...env, LATCHKEY_OWNER_EMAIL: PERSON },
      );
      const base = (await day.waitFor(/listening on (http:\/\/\S+)/))[1] ?? '';
      const scimHeaders = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };

      // Okta provisions the person (made Owner: LATCHKEY_OWNER_EMAIL) and looks them up by filter.
      const provisioned = await fetch(`${base}/scim/v2/Users`, {
        method: 'POST',
        headers: scimHeaders,
        body: JSON.stringify({
          userName: PERSON,
          emails: [{ value: PERSON, primary: true }],
          externalId: OKTA_ID,
          active: true,
        }),
      });
      expect(provisioned.status).toBe(201);
      const filter = `userName eq "${PERSON}"`;
      const found = await fetch(`${base}/scim/v2/Users?filter=${encodeURIComponent(filter)}`, { headers: scimHeaders });
      expect(found.status).toBe(200);

      // The person's desktop pushes an account and its credentials, then launches it.
      const bearer = await sim.issueAccessToken(OKTA_ID);
      const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const account = { ...makeAccount({ id: 'acct-logged', name: ACCOUNT_NAME }), _deleted: false };
      const credentials = {
        ...makeCredentials(account.id, { password: PASSWORD, totpSecret: TOTP }),
        _deleted: false,
      };
      const pushedAccount = await api('POST', '/api/v1/replication/accounts/push', [
        { assumedMasterState: null, newDocumentState: account },
      ]);
      expect(await pushedAccount.json()).toEqual({ conflicts: [] });
      const pushedSecrets = await api('POST', '/api/v1/replication/credentials/push', [
        { assumedMasterState: null, newDocumentState: credentials },
      ]);
      expect(await pushedSecrets.json()).toEqual({ conflicts: [] });
      const launched = await api(
        'POST',
        `/api/v1/launch/${account.id}/authorize`,
        {},
        { 'x-request-id': 'launch-req-0001' },
      );
      expect(launched.status).toBe(200);
      expect(launched.headers.get('x-request-id')).toBe('launch-req-0001');
      // A failing request logs its error too, under the same id.
      const refused = await api(
        'POST',
        '/api/v1/launch/acct-unknown/authorize',
        {},
        { 'x-request-id': 'refused-req-0002' },
      );
      expect(refused.status).toBe(403);

      // A request id that could carry data or forge JSON is replaced, never written to the log.
      const forged = await fetch(`${base}/healthz`, {
        headers: { 'x-request-id': 'x","msg":"forged.person@example.com' },
      });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await fetch(`${base}/healthz?marker=end-of-day`);
      await day.waitFor(/end-of-day/);
      const log = day.stdout + day.stderr;
      for (const secret of [
        'forged.person',
        PERSON,
        'logged.owner',
        filter,
        encodeURIComponent(filter),
        token,
        bearer,
        bearer.split('.')[2] ?? bearer,
        PASSWORD,
        TOTP,
        ACCOUNT_NAME,
      ]) {
        expect(log).not.toContain(secret);
      }

      // JSON lines (pino); each line about a request names it by the request's id.
      const lines = day.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { reqId?: string; req?: unknown; res?: unknown; msg?: string });
      const requestLines = lines.filter((l) => l.req !== undefined || l.res !== undefined);
      expect(requestLines.length).toBeGreaterThanOrEqual(14);
      for (const line of requestLines) expect(line.reqId, JSON.stringify(line)).toMatch(/^[\w.-]{1,64}$/);
      const launchLines = lines.filter((l) => l.reqId === 'launch-req-0001');
      expect(launchLines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
      expect(lines.filter((l) => l.reqId === 'refused-req-0002').length).toBeGreaterThanOrEqual(2);
    } finally {
      await day?.stop();
      await database.drop();
      await sim.close();
    }
  });
});

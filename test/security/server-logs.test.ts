/**
 * What the sync server writes to its log, read from the real CLI's output: request lines with
 * method, path and status, and never a SCIM filter value, an e-mail address, a token or a record.
 * And SCIM locations come from --public-url, never from a Host header an attacker sends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type RunningCli, run, start } from '../integration/first-run/cli-process';
import { createTestDatabase } from '../support/postgres';

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

/**
 * `npm run server` as a new user meets it: every refused start is one line naming the setting
 * and what to do, with a non-zero exit and no stack; a refused start leaves nothing behind, so
 * the corrected start works; a data folder that does not exist yet is created with its parents.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOneLine, occupyPort, run, start } from '../../../dev/stack/cli-process';
import { POSTGRES_ADMIN_URL } from '../../../dev/stack/postgres';

const SERVER = 'sync-server/cli.ts';
const ISSUER = ['--issuer', 'https://example.okta.test/oauth2/default'];
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latchkey-first-run-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const postgresUrl = (change: (url: URL) => void): string => {
  const url = new URL(POSTGRES_ADMIN_URL);
  change(url);
  return url.toString();
};

describe('npm run server refuses a start it cannot make, in one line', () => {
  it.concurrent('without --issuer: names the flag and its variable (exit 2)', async () => {
    const { code, stderr } = await run(SERVER, ['--data', join(root, 'no-issuer')]);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toBe(
      '--issuer (or LATCHKEY_ISSUER) is required: the URL of your Okta authorization server, e.g. https://acme.okta.com/oauth2/default',
    );
    expect(existsSync(join(root, 'no-issuer'))).toBe(false);
  });

  it.concurrent('PostgreSQL unreachable: names DATABASE_URL, shows the URL without its password', async () => {
    const env = cleanEnv({ DATABASE_URL: 'postgres://latchkey:s3cret-pw@127.0.0.1:1/latchkey' });
    const { code, stderr } = await run(SERVER, [...ISSUER, '--port', '0'], env);
    expect(code).toBe(1);
    const line = expectOneLine(stderr);
    expect(line).toContain(
      'Cannot connect to PostgreSQL at postgres://latchkey:***@127.0.0.1:1/latchkey (DATABASE_URL)',
    );
    expect(line).toContain('connection refused');
    expect(line).toContain('unset DATABASE_URL');
    expect(stderr).not.toContain('s3cret-pw');
  });

  it.concurrent('--verbose (or LOG_LEVEL=debug) still shows the cause', async () => {
    const url = 'postgres://latchkey:s3cret-pw@127.0.0.1:1/latchkey';
    const verbose = await run(SERVER, [...ISSUER, '--verbose'], cleanEnv({ DATABASE_URL: url }));
    const debug = await run(SERVER, ISSUER, cleanEnv({ DATABASE_URL: url, LOG_LEVEL: 'debug' }));
    for (const { code, stderr } of [verbose, debug]) {
      expect(code).toBe(1);
      expect(stderr.split('\n')[0]).toContain('(DATABASE_URL): connection refused');
      expect(stderr).toContain('ECONNREFUSED');
      expect(stderr).toMatch(/\n\s+at /);
      expect(stderr).not.toContain('s3cret-pw');
    }
  });

  it.concurrent('PostgreSQL refuses the login (a role that does not exist)', async () => {
    const url = postgresUrl((u) => {
      u.username = 'no_such_role_latchkey';
      u.password = 'pw-not-shown';
    });
    const { code, stderr } = await run(SERVER, ISSUER, cleanEnv({ DATABASE_URL: url }));
    expect(code).toBe(1);
    const line = expectOneLine(stderr);
    expect(line).toContain('(DATABASE_URL): the login was refused (role "no_such_role_latchkey" does not exist)');
    expect(line).toContain('no_such_role_latchkey:***@');
    expect(line).not.toContain('pw-not-shown');
  });

  it.concurrent('PostgreSQL has no such database', async () => {
    const url = postgresUrl((u) => {
      u.pathname = '/latchkey_no_such_database';
    });
    const { code, stderr } = await run(SERVER, ISSUER, cleanEnv({ DATABASE_URL: url }));
    expect(code).toBe(1);
    expect(expectOneLine(stderr)).toContain(
      '(DATABASE_URL): database "latchkey_no_such_database" does not exist. Create it (createdb NAME)',
    );
  });

  it.concurrent('a file in the way of --data: names the folder, the flag and the file', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const below = await run(SERVER, [...ISSUER, '--data', join(file, 'server')]);
    expect(below.code).toBe(1);
    expect(expectOneLine(below.stderr)).toBe(
      `The data folder ${join(file, 'server')} (--data) cannot be used: ${file} is a file, not a folder; move it away or choose another folder.`,
    );
    const itself = await run(SERVER, ISSUER, cleanEnv({ LATCHKEY_DATA_DIR: file }));
    expect(itself.code).toBe(1);
    expect(expectOneLine(itself.stderr)).toContain(`The data folder ${file} (LATCHKEY_DATA_DIR) cannot be used`);
  });

  it.concurrent('a bad --port value is a usage error naming the flag', async () => {
    const { code, stderr } = await run(SERVER, [...ISSUER, '--port', 'seventy']);
    expect(code).toBe(2);
    expect(expectOneLine(stderr)).toContain('--port (or PORT) is not valid');
  });
});

describe('a refused start leaves nothing behind', () => {
  // A cap, not a timing assertion: the corrected start initialises a PGlite folder on a busy machine.
  it('port in use: names --port and a free port, creates no folder; the corrected start creates the nested folder and runs', {
    timeout: 180_000,
  }, async () => {
    const busy = await occupyPort();
    const data = join(root, 'nested', 'not', 'yet');
    try {
      const refused = await run(SERVER, [...ISSUER, '--data', data, '--port', String(busy.port)]);
      expect(refused.code).toBe(1);
      const line = expectOneLine(refused.stderr);
      expect(line).toMatch(
        new RegExp(
          `^Port ${busy.port} \\(--port\\) is already in use on 127\\.0\\.0\\.1, so the sync server cannot listen there: .*--port \\d+ \\(free now\\) or --port 0 for any free port\\.$`,
        ),
      );
      expect(existsSync(join(root, 'nested'))).toBe(false);
    } finally {
      await busy.close();
    }

    const server = start(SERVER, [...ISSUER, '--data', data, '--port', '0']);
    try {
      const [, url] = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(existsSync(join(data, 'PG_VERSION'))).toBe(true);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
    expect(existsSync(join(data, 'latchkey.lock'))).toBe(false);
  });
});

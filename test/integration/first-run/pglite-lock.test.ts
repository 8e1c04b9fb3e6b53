/**
 * One process per PGlite folder: while a server runs on a folder, a second server and the SCIM
 * token tool are refused with the server's pid and what to do instead, print no token, and the
 * running server's token keeps working; once it stops, the folder is intact and free, and a lock
 * left by a killed process is taken over.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLine, run, start } from '../../../dev/stack/cli-process';

const SERVER = 'sync-server/cli.ts';
const ISSUER = ['--issuer', 'https://example.okta.test/oauth2/default'];
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latchkey-lock-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const scimUsers = (url: string, token: string) =>
  fetch(`${url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe('a PGlite folder in use', () => {
  // A cap, not a timing assertion: three PGlite opens (one a first initialisation) on a busy two-core machine.
  it('refuses a second server and scim-token rotate|revoke; the running server keeps its token', {
    timeout: 240_000,
  }, async () => {
    const data = join(root, 'shared', 'server');
    const first = await run(SERVER, ['scim-token', 'rotate', '--data', data]);
    expect(first.code).toBe(0);
    const token = first.stdout.trim();

    const server = start(SERVER, [...ISSUER, '--data', data, '--port', '0']);
    try {
      const [, url = ''] = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect(await scimUsers(url, token)).toBe(200);

      const [second, rotate, revoke] = await Promise.all([
        run(SERVER, [...ISSUER, '--data', data, '--port', '0']),
        run(SERVER, ['scim-token', 'rotate', '--data', data]),
        run(SERVER, ['scim-token', 'revoke', '--data', data]),
      ]);
      const inUse = `The data folder ${data} (--data) is in use by the Latchkey sync server (pid ${server.pid}, since `;
      expect(second.code).toBe(1);
      expect(expectOneLine(second.stderr)).toContain(inUse);
      expect(second.stderr).toContain('stop that process first, or give this server another --data folder');
      for (const tool of [rotate, revoke]) {
        expect(tool.code).toBe(1);
        expect(tool.stdout).toBe('');
        const line = expectOneLine(tool.stderr);
        expect(line).toContain(inUse);
        expect(line).toContain('POST /api/v1/scim-token');
      }
      // Nothing the refused tools did reached the store: the server's token still works.
      expect(await scimUsers(url, token)).toBe(200);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
    expect(existsSync(join(data, 'latchkey.lock'))).toBe(false);

    // A lock left by a process that was killed (its pid no longer runs) is taken over; the
    // folder is intact (the store opens and migrates) and the token tool works again.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = join(data, 'latchkey.lock');
    await writeFile(
      lock,
      JSON.stringify({ pid: gone, holder: 'sync server', hostname: 'here', startedAt: '2020-01-01T00:00:00.000Z' }),
    );
    const after = await run(SERVER, ['scim-token', 'rotate', '--data', data]);
    expect(after.code).toBe(0);
    expect(after.stdout.trim()).toMatch(/^lks_scim_/);
    expect(after.stdout.trim()).not.toBe(token);
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses while a live process holds the lock, naming it', async () => {
    const data = join(root, 'held');
    await mkdir(data);
    // This test process stands in for a running server: alive, and not the tool's own process.
    await writeFile(
      join(data, 'latchkey.lock'),
      JSON.stringify({
        pid: process.pid,
        holder: 'sync server',
        hostname: 'here',
        startedAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    const refused = await run(SERVER, ['scim-token', 'rotate', '--data', data]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(expectOneLine(refused.stderr)).toContain(`in use by the Latchkey sync server (pid ${process.pid}`);
    expect(JSON.parse(await readFile(join(data, 'latchkey.lock'), 'utf8')).pid).toBe(process.pid);
  });
});

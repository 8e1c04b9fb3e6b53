/**
 * `npm run server -- scim-token rotate [--data DIR]` prints a new token once and retires the old
 * one; with several server processes on one PostgreSQL, a rotation through one process retires
 * the old token on the others too (NOTIFY on commit).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../dev/stack/postgres';
import { startSyncServer, type TestSyncServer } from '../../../dev/stack/sync-server';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { rotateScimToken } from '../../../sync-server/scim/token';
import { runScimTokenCli } from '../../../sync-server/scim/token-cli';

const run = promisify(execFile);
const users = (server: TestSyncServer, token: string) =>
  fetch(`${server.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe('SCIM token CLI and several server processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  let sim: OktaSim;
  const startSim = async () => {
    sim ??= await startOktaSim({ port: 0 });
    cleanups.push(() => sim.close());
    return sim;
  };

  // A cap, not a timing assertion: one run spawns `npx tsx` on a busy two-core machine.
  it('rotate prints only the new token on stdout; the server accepts it and refuses the previous one', {
    timeout: 180_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-scim-cli-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const rotate = async () => {
      const { stdout, stderr } = await run(
        'npx',
        ['tsx', 'sync-server/cli.ts', 'scim-token', 'rotate', '--data', dir],
        {
          env: { ...process.env, DATABASE_URL: '' },
        },
      );
      expect(stderr).toContain('shown once');
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      return lines[0] as string;
    };
    const first = await rotate();
    // The second rotation in-process (same function the CLI dispatches to), to keep the test short.
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runScimTokenCli(['rotate', '--data', dir])).toBe(0);
    log.mockRestore();
    quiet.mockRestore();
    const second = printed[0] as string;
    expect(printed).toHaveLength(1);
    expect(second).not.toBe(first);

    const okta = await startSim();
    const server = await startSyncServer({
      store: 'pglite',
      dataDir: dir,
      issuer: okta.issuer,
      audience: okta.audience,
    });
    try {
      expect(await users(server, second)).toBe(200);
      expect(await users(server, first)).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('a rotation through one process retires the old token in another process on the same PostgreSQL', async () => {
    const okta = await startSim();
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const opts = {
      store: 'postgres' as const,
      databaseUrl: database.url,
      issuer: okta.issuer,
      audience: okta.audience,
      credentialsKey: Buffer.alloc(32, 7).toString('base64'),
    };
    const a = await startSyncServer(opts);
    cleanups.push(() => a.close());
    const b = await startSyncServer(opts);
    cleanups.push(() => b.close());

    const { token: old } = await rotateScimToken(a.db, 'test');
    expect(await users(b, old)).toBe(200);
    const { token: next } = await rotateScimToken(a.db, 'test');
    // b has the old digest cached; only the NOTIFY from a's commit makes it forget it.
    await expect.poll(() => users(b, old), { timeout: 5000 }).toBe(401);
    expect(await users(b, next)).toBe(200);
  });
});

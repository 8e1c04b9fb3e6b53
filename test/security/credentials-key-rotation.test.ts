/**
 * Key management for credentials at rest, through the real CLI and a real server: the key can
 * live outside the data folder (so a stolen backup of the folder or database opens nothing),
 * every sealed value names its key, and `credentials-key rotate` re-seals everything under a new
 * key while the server keeps serving the same passwords.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run, start } from '../../dev/stack/cli-process';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeCredentials } from '../../dev/stack/workspace-factory';
import { generateKey, keyId, parseKeyFile, writeKeyFile } from '../../sync-server/store/credentials-keyring';

const CLI = 'sync-server/cli.ts';

async function sealedKeyIds(world: SyncWorld): Promise<string[]> {
  const rows = await world.server.db.query<{ sealed: string }>(
    "select sealed from records where collection = 'credentials' and sealed is not null order by id",
  );
  return rows.map((r) => r.sealed.split('.').slice(0, 2).join('.'));
}

async function passwordsAsAda(world: SyncWorld): Promise<Record<string, string>> {
  const res = await fetch(`${world.server.url}/api/v1/replication/credentials/pull?limit=2000`, {
    headers: { authorization: `Bearer ${await world.token('ada')}` },
  });
  expect(res.status).toBe(200);
  const { documents } = (await res.json()) as { documents: { id: string; password: string }[] };
  return Object.fromEntries(documents.map((d) => [d.id, d.password]));
}

/** Ada changes an account's password the way her replica would: on top of the server's state. */
async function changePassword(world: SyncWorld, accountId: string, password: string): Promise<void> {
  const token = await world.token('ada');
  const pulled = await fetch(`${world.server.url}/api/v1/replication/credentials/pull?limit=2000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { documents } = (await pulled.json()) as { documents: { id: string }[] };
  const master = documents.find((d) => d.id === accountId);
  const push = await fetch(`${world.server.url}/api/v1/replication/credentials/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        newDocumentState: { ...makeCredentials(accountId, { password }), _deleted: false },
        assumedMasterState: master ?? null,
      },
    ]),
  });
  expect(push.status).toBe(200);
  expect(((await push.json()) as { conflicts: unknown[] }).conflicts).toEqual([]);
}

describe('credentials key on PostgreSQL: kept apart, named in every value, rotated while serving', () => {
  let world: SyncWorld;
  let keyDir: string;
  let keyFile: string;

  beforeAll(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'latchkey-keys-'));
    keyFile = join(keyDir, 'credentials.keys');
    world = await startSyncWorld('postgres', { credentialsKeyFile: keyFile });
  });
  afterAll(async () => {
    await world?.close();
    await rm(keyDir, { recursive: true, force: true });
  });

  it('creates the key file where it was told, not in the data folder, readable by its owner only', async () => {
    expect(await readdir(world.server.dataDir)).not.toContain('credentials.key');
    expect(((await stat(keyFile)).mode & 0o777).toString(8)).toBe('600');
    const [first] = parseKeyFile(await readFile(keyFile, 'utf8'), keyFile);
    expect(new Set(await sealedKeyIds(world))).toEqual(new Set([`v2.${first?.id}`]));
  });

  it('rotate re-seals every value under a new key while the server serves the same passwords', async () => {
    const before = await passwordsAsAda(world);
    const oldIds = parseKeyFile(await readFile(keyFile, 'utf8'), keyFile).map((k) => k.id);
    const env = cleanEnv({ DATABASE_URL: world.server.databaseUrl ?? '', LATCHKEY_CREDENTIALS_KEY_FILE: keyFile });

    // Ada's replica keeps pulling for as long as the rotation runs: every answer is the same.
    const rotation = start(CLI, ['credentials-key', 'rotate'], env);
    let running = true;
    void rotation.finished.then(() => {
      running = false;
    });
    let pullsDuring = 0;
    while (running) {
      expect(await passwordsAsAda(world)).toEqual(before);
      pullsDuring += 1;
    }
    expect(pullsDuring).toBeGreaterThan(0);
    const rotated = await rotation.finished;
    expect(rotated.code, rotated.stderr).toBe(0);
    const keys = parseKeyFile(await readFile(keyFile, 'utf8'), keyFile);
    const current = keys[0]?.id ?? '';
    expect(keys.map((k) => k.id)).toEqual([current, ...oldIds]);
    expect(rotated.stderr).toContain(`now use key ${current}`);
    expect(rotated.stderr + rotated.stdout).not.toMatch(/[A-Za-z0-9+/]{43}=/);
    expect(new Set(await sealedKeyIds(world))).toEqual(new Set([`v2.${current}`]));
    expect(await passwordsAsAda(world)).toEqual(before);

    // The running server noticed the new key file: its next seal uses the new key.
    await changePassword(world, 'acct-private', 'after-rotation');
    expect(new Set(await sealedKeyIds(world))).toEqual(new Set([`v2.${current}`]));
    expect((await passwordsAsAda(world))['acct-private']).toBe('after-rotation');

    const retired = await run(CLI, ['credentials-key', 'retire'], env);
    expect(retired.code, retired.stderr).toBe(0);
    expect(parseKeyFile(await readFile(keyFile, 'utf8'), keyFile).map((k) => k.id)).toEqual([current]);
    expect((await passwordsAsAda(world))['acct-shared']).toBe(before['acct-shared']);
  });

  it('retire refuses while a value still needs an old key', async () => {
    const env = cleanEnv({ DATABASE_URL: world.server.databaseUrl ?? '', LATCHKEY_CREDENTIALS_KEY_FILE: keyFile });
    const [current] = parseKeyFile(await readFile(keyFile, 'utf8'), keyFile);
    // A value sealed under a key the file has as "previous": put one back the way a lagging server would.
    const lagging = generateKey();
    await writeKeyFile(keyFile, [{ id: keyId(lagging), key: lagging }, ...(current ? [current] : [])]);
    await changePassword(world, 'acct-private', 'sealed-by-lagging');
    if (current) await writeKeyFile(keyFile, [current, { id: keyId(lagging), key: lagging }]);

    const refused = await run(CLI, ['credentials-key', 'retire'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`1 value(s) still need key ${keyId(lagging)}`);
    expect((await passwordsAsAda(world))['acct-private']).toBe('sealed-by-lagging');
  });

  it('refuses to rotate a key given in LATCHKEY_CREDENTIALS_KEY, and says how to move it to a file', async () => {
    const env = cleanEnv({
      DATABASE_URL: world.server.databaseUrl ?? '',
      LATCHKEY_CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    const refused = await run(CLI, ['credentials-key', 'rotate'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('LATCHKEY_CREDENTIALS_KEY_FILE');
  });
});

describe('credentials key on PGlite', () => {
  it('rotate refuses while a server holds the data folder, and names it', async () => {
    const world = await startSyncWorld('pglite');
    try {
      const refused = await run(CLI, ['credentials-key', 'rotate', '--data', world.server.dataDir]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/in use by/);
      expect(refused.stderr).toContain('stop the server first');
      expect(await passwordsAsAda(world)).toMatchObject({ 'acct-shared': 'secret-of-acct-shared' });
    } finally {
      await world.close();
    }
  });
});

/**
 * `npm run server -- credentials-key rotate|retire|status [--data DIR]` (DATABASE_URL wins over
 * --data, as for the server). The keys live in a key file (credentials-keyring.ts).
 *
 * rotate: writes a new current key at the top of the key file (the old ones stay, for reading),
 *   then re-seals every credential that another key sealed, a batch at a time under row locks,
 *   until none is left. Servers sharing the file notice the change before their next seal, so on
 *   PostgreSQL this runs while they serve. Re-sealing changes no secret, so replicas see nothing.
 * retire: removes the keys no sealed value needs any more (refuses while one does).
 * status: how many values each key sealed.
 *
 * A PGlite folder belongs to one process: while a server runs on it this refuses (stop the
 * server; rotation of a workspace's credentials takes seconds).
 */
import { runsDirectly } from '../../cli/runs-directly';
import { runCli, StartupError } from '../../cli/startup-error';
import { createCipher } from './credentials-cipher';
import { type CredentialsKeyring, credentialsKeyring, generateKey, keyId, writeKeyFile } from './credentials-keyring';
import type { Db } from './db';
import { parseToolArgs, withToolStore } from './store-tool';

const USAGE = 'usage: npm run server -- credentials-key rotate|retire|status [--data DIR]';
const BATCH = 200;
const COMMANDS = ['rotate', 'retire', 'status'] as const;
type Command = (typeof COMMANDS)[number];

const WHILE_RUNNING =
  'stop the server first (on PGlite one process holds the data folder; a rotation takes seconds), then run this again';

/** Returns the process exit code. `argv` may start with the `credentials-key` subcommand itself. */
export async function runCredentialsKeyCli(argv: readonly string[]): Promise<number> {
  const parsed = parseToolArgs(argv, 'credentials-key', USAGE);
  if (parsed === null) return 2;
  const command = parsed.positionals[0] as Command | undefined;
  if (command === undefined || !COMMANDS.includes(command) || parsed.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  if (process.env.LATCHKEY_CREDENTIALS_KEY) {
    throw new StartupError(
      'The credentials key comes from LATCHKEY_CREDENTIALS_KEY, which this tool cannot change: put the key in a file named by LATCHKEY_CREDENTIALS_KEY_FILE (one base64 key per line), unset LATCHKEY_CREDENTIALS_KEY, restart the servers, then rotate.',
      { code: 'key_not_in_file', exitCode: 2 },
    );
  }
  await withToolStore(
    { data: parsed.data, holder: `credentials-key ${command}`, whenInUse: WHILE_RUNNING },
    async (db, dataDir) => {
      const keyring = await credentialsKeyring({
        credentialsKeyFile: process.env.LATCHKEY_CREDENTIALS_KEY_FILE || undefined,
        dataDir,
      });
      if (command === 'rotate') await rotate(db, keyring);
      else if (command === 'retire') await retire(db, keyring);
      else printStatus(await countByKey(db, keyring), keyring);
    },
  );
  return 0;
}

async function rotate(db: Db, keyring: CredentialsKeyring): Promise<void> {
  const key = generateKey();
  const next = { id: keyId(key), key };
  const previous = keyring.all();
  await writeKeyFile(keyring.source, [next, ...previous]);
  if (keyring.current().id !== next.id)
    throw new StartupError('The new key file could not be read back.', { code: 'key_not_written' });
  const resealed = await resealAll(db, keyring);
  console.error(
    `Credentials key rotated: ${resealed} sealed value(s) now use key ${next.id}. The previous key(s) ${previous.map((k) => k.id).join(', ')} stay in ${keyring.source} for reading; once every server uses this file, \`credentials-key retire\` removes them.`,
  );
}

/** Re-seals, batch by batch, every value not sealed with the current key; returns how many. */
export async function resealAll(db: Db, keyring: CredentialsKeyring): Promise<number> {
  const cipher = createCipher(keyring);
  const current = keyring.current().id;
  let total = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; sealed: string }>(
        `select id, sealed from records
          where collection = 'credentials' and sealed is not null and not starts_with(sealed, $1)
          order by id limit ${BATCH} for update`,
        [`v2.${current}.`],
      );
      for (const row of rows) {
        const resealed = cipher.seal(cipher.open(row.sealed, row.id), row.id);
        await tx.query(`update records set sealed = $1 where collection = 'credentials' and id = $2`, [
          resealed,
          row.id,
        ]);
      }
      return rows.length;
    });
    total += done;
    if (done < BATCH) return total;
  }
}

async function retire(db: Db, keyring: CredentialsKeyring): Promise<void> {
  const counts = await countByKey(db, keyring);
  const current = keyring.current();
  const stillNeeded = [...counts.entries()].filter(([id, n]) => id !== current.id && n > 0);
  if (stillNeeded.length > 0) {
    printStatus(counts, keyring);
    throw new StartupError(
      `Not retired: ${stillNeeded.map(([id, n]) => `${n} value(s) still need key ${id}`).join('; ')}. Run \`credentials-key rotate\` first.`,
      { code: 'keys_in_use' },
    );
  }
  const retired = keyring.all().filter((k) => k.id !== current.id);
  await writeKeyFile(keyring.source, [current]);
  console.error(
    retired.length === 0
      ? `Nothing to retire: ${keyring.source} holds only the current key ${current.id}.`
      : `Retired key(s) ${retired.map((k) => k.id).join(', ')}; ${keyring.source} now holds only key ${current.id}.`,
  );
}

/** Sealed values per key id (`legacy` for values sealed before key ids existed). */
async function countByKey(db: Db, keyring: CredentialsKeyring): Promise<Map<string, number>> {
  const rows = await db.query<{ key_id: string; n: number }>(
    `select case when starts_with(sealed, 'v2.') then split_part(sealed, '.', 2) else 'legacy' end as key_id,
            count(*)::int as n
       from records where collection = 'credentials' and sealed is not null group by 1`,
  );
  const counts = new Map<string, number>(keyring.all().map((k) => [k.id, 0]));
  for (const row of rows) counts.set(row.key_id, Number(row.n));
  return counts;
}

function printStatus(counts: Map<string, number>, keyring: CredentialsKeyring): void {
  const current = keyring.current().id;
  console.log(`key file: ${keyring.source}`);
  for (const [id, n] of counts) {
    const role =
      id === current ? 'current' : keyring.all().some((k) => k.id === id) ? 'previous' : 'MISSING from the key file';
    console.log(`${id}  ${role}  ${n} sealed value(s)`);
  }
}

// Runnable directly too: `npx tsx sync-server/store/credentials-key-cli.ts rotate --data DIR`.
if (runsDirectly(import.meta.url)) {
  await runCli(async (args) => {
    process.exitCode = await runCredentialsKeyCli(args);
  });
}

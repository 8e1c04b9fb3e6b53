/**
 * `npm run server -- scim-token rotate|revoke [--data DIR]` (DATABASE_URL wins over --data, as
 * for the server). `rotate` prints the new token once on stdout — it is stored only as a digest,
 * so it cannot be shown again — and the previous token stops working immediately.
 *
 * On PostgreSQL this works while servers run: they drop their cached digest on the NOTIFY of the
 * commit. A PGlite folder belongs to one process (store/data-folder-lock.ts), so while a server
 * runs on it this refuses and points to the server's own way (Workspace settings, or
 * POST /api/v1/scim-token as the Owner): a token written beside a running server would be lost
 * when that server closes, and a token that does not work must never be printed.
 */
import { parseArgs } from 'node:util';
import { ensureDataFolder } from '../../cli/data-folder';
import { runCli, StartupError } from '../../cli/startup-error';
import { dataDirSetting } from '../config';
import { storeFailure } from '../startup-failure';
import { type Db, openDb } from '../store/db';
import { migrate } from '../store/migrate';
import { revokeScimToken, rotateScimToken } from './token';

const USAGE = 'usage: npm run server -- scim-token rotate|revoke [--data DIR]';

const WHILE_RUNNING =
  "to rotate the token while the server runs, use the desktop app (Workspace settings → SCIM token) or POST /api/v1/scim-token on the server with the workspace Owner's sign-in; or stop the server and run this again";

/** Returns the process exit code. `argv` may start with the `scim-token` subcommand itself. */
export async function runScimTokenCli(argv: readonly string[]): Promise<number> {
  const args = argv[0] === 'scim-token' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const command = parsed.positionals[0];
  if ((command !== 'rotate' && command !== 'revoke') || parsed.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const folder = dataDirSetting(parsed.values.data, process.env);
  const setting = { databaseUrl, dataDir: folder.path, dataDirSource: folder.source, whenInUse: WHILE_RUNNING };
  if (!databaseUrl) await ensureDataFolder(folder);
  let db: Db;
  try {
    db = await openDb({ databaseUrl, dataDir: folder.path, holder: `scim-token ${command}` });
  } catch (error) {
    throw await storeFailure(error, setting);
  }
  let token: string | null = null;
  let existed = false;
  try {
    await migrate(db);
    if (command === 'rotate') token = (await rotateScimToken(db, 'cli')).token;
    else existed = await revokeScimToken(db);
  } finally {
    // PGlite writes its files at close: only a closed store has surely kept the new token.
    await db.close();
  }
  if (command === 'rotate') {
    if (token === null) throw new StartupError('The SCIM token was not rotated.', { code: 'not_rotated' });
    console.error('New SCIM token (shown once; paste it into Okta → Provisioning → Integration → API Token):');
    console.log(token);
  } else {
    console.error(existed ? 'SCIM token revoked: SCIM requests now get 401.' : 'There was no SCIM token.');
  }
  return 0;
}

function parse(args: string[]) {
  return parseArgs({ args, options: { data: { type: 'string' } }, allowPositionals: true, strict: true });
}

// Runnable directly too: `npx tsx sync-server/scim/token-cli.ts rotate --data DIR`.
if (import.meta.url === `file://${process.argv[1]}`) {
  await runCli(async (args) => {
    process.exitCode = await runScimTokenCli(args);
  });
}

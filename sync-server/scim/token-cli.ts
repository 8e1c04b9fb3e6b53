/**
 * `npm run server -- scim-token rotate|revoke [--data DIR]` (DATABASE_URL wins over --data, as
 * for the server). `rotate` prints the new token once on stdout — it is stored only as a digest,
 * so it cannot be shown again — and the previous token stops working immediately.
 */
import { parseArgs } from 'node:util';
import { openDb } from '../store/db';
import { migrate } from '../store/migrate';
import { revokeScimToken, rotateScimToken } from './token';

const USAGE = 'usage: npm run server -- scim-token rotate|revoke [--data DIR]';
const DEFAULT_DATA_DIR = './.latchkey/server';

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
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: parsed.values.data ?? DEFAULT_DATA_DIR });
  try {
    await migrate(db);
    if (command === 'rotate') {
      const { token } = await rotateScimToken(db, 'cli');
      console.error('New SCIM token (shown once; paste it into Okta → Provisioning → Integration → API Token):');
      console.log(token);
    } else {
      const existed = await revokeScimToken(db);
      console.error(existed ? 'SCIM token revoked: SCIM requests now get 401.' : 'There was no SCIM token.');
    }
    return 0;
  } finally {
    await db.close();
  }
}

function parse(args: string[]) {
  return parseArgs({ args, options: { data: { type: 'string' } }, allowPositionals: true, strict: true });
}

// Runnable directly too: `npx tsx sync-server/scim/token-cli.ts rotate --data DIR`.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runScimTokenCli(process.argv.slice(2));
}

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
import { runsDirectly } from '../../cli/runs-directly';
import { runCli, StartupError } from '../../cli/startup-error';
import { parseToolArgs, withToolStore } from '../store/store-tool';
import { revokeScimToken, rotateScimToken } from './token';

const USAGE = 'usage: npm run server -- scim-token rotate|revoke [--data DIR]';

const WHILE_RUNNING =
  "to rotate the token while the server runs, use the desktop app (Workspace settings → SCIM token) or POST /api/v1/scim-token on the server with the workspace Owner's sign-in; or stop the server and run this again";

/** Returns the process exit code. `argv` may start with the `scim-token` subcommand itself. */
export async function runScimTokenCli(argv: readonly string[]): Promise<number> {
  const parsed = parseToolArgs(argv, 'scim-token', USAGE);
  if (parsed === null) return 2;
  const command = parsed.positionals[0];
  if ((command !== 'rotate' && command !== 'revoke') || parsed.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const outcome = await withToolStore(
    { data: parsed.data, holder: `scim-token ${command}`, whenInUse: WHILE_RUNNING },
    async (db) =>
      command === 'rotate'
        ? { token: (await rotateScimToken(db, 'cli')).token, existed: false }
        : { token: null, existed: await revokeScimToken(db) },
  );
  // Printed only after the store closed: only a closed PGlite store has surely kept the token.
  if (command === 'rotate') {
    if (outcome.token === null) throw new StartupError('The SCIM token was not rotated.', { code: 'not_rotated' });
    console.error('New SCIM token (shown once; paste it into Okta → Provisioning → Integration → API Token):');
    console.log(outcome.token);
  } else {
    console.error(outcome.existed ? 'SCIM token revoked: SCIM requests now get 401.' : 'There was no SCIM token.');
  }
  return 0;
}

// Runnable directly too: `npx tsx sync-server/scim/token-cli.ts rotate --data DIR`.
if (runsDirectly(import.meta.url)) {
  await runCli(async (args) => {
    process.exitCode = await runScimTokenCli(args);
  });
}

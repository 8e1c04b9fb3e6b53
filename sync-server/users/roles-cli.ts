/**
 * `npm run server -- roles set <email> <role> [--data DIR]` and `roles list [--data DIR]`
 * (DATABASE_URL wins over --data, as for the server): the operator's way to make the first
 * Owner of a deployment, whose users all arrive from Okta as `user`. The change is one audited
 * record write (actor `system: cli`), so it reaches every replica like any other; the workspace
 * always keeps an active Owner (domain/workspace-roles.ts).
 *
 * A PGlite folder belongs to one process: while a server runs on it this refuses (stop it, or
 * set LATCHKEY_OWNER_EMAIL so Okta's provisioning makes that person Owner). On PostgreSQL it runs
 * beside the servers, which learn of the change from the commit's NOTIFY.
 */
import { runsDirectly } from '../../cli/runs-directly';
import { runCli, StartupError } from '../../cli/startup-error';
import { settleAllAccess } from '../../domain/access';
import { WORKSPACE_ROLES, WorkspaceRole } from '../../domain/records';
import { groupRoleNotice } from '../../domain/role-change';
import { checkKeepsAnOwner, withGroupRole } from '../../domain/workspace-roles';
import type { CredentialsCipher } from '../store/credentials-cipher';
import type { Db } from '../store/db';
import { liveTeams } from '../store/record-queries';
import { RecordsRepo } from '../store/records-repo';
import { parseToolArgs, withToolStore } from '../store/store-tool';
import { liveUsers } from './live-users';

const USAGE = `usage: npm run server -- roles set <email> <role> [--data DIR]\n       npm run server -- roles list [--data DIR]\nroles: ${WORKSPACE_ROLES.join(', ')}`;

const WHILE_RUNNING =
  'stop the server first, or start it with LATCHKEY_OWNER_EMAIL=<email> so the first Owner is made when Okta provisions them';

/** Roles never touch credentials; a repository for them needs no key. */
const NO_SECRETS: CredentialsCipher = {
  seal: () => {
    throw new Error('the roles tool writes no credentials');
  },
  open: () => {
    throw new Error('the roles tool reads no credentials');
  },
  keyIdOf: () => null,
};

/** Returns the process exit code. `argv` may start with the `roles` subcommand itself. */
export async function runRolesCli(argv: readonly string[]): Promise<number> {
  const parsed = parseToolArgs(argv, 'roles', USAGE);
  if (parsed === null) return 2;
  const [command, email, role] = parsed.positionals;
  const valid =
    (command === 'list' && parsed.positionals.length === 1) ||
    (command === 'set' && parsed.positionals.length === 3 && email !== undefined && role !== undefined);
  if (!valid) {
    console.error(USAGE);
    return 2;
  }
  const nextRole = command === 'set' ? WorkspaceRole.safeParse(role) : null;
  if (nextRole && !nextRole.success) {
    console.error(`'${role}' is not a workspace role: use one of ${WORKSPACE_ROLES.join(', ')}`);
    return 2;
  }

  await withToolStore({ data: parsed.data, holder: `roles ${command}`, whenInUse: WHILE_RUNNING }, async (db) => {
    const repo = new RecordsRepo(NO_SECRETS, () => new Date());
    if (command === 'list') {
      for (const user of await liveUsers(db, repo)) {
        const state = user.active ? '' : '  (deactivated)';
        const byHand = user.manualRole === user.role ? '' : `  (from an Okta group; set by hand: ${user.manualRole})`;
        console.log(`${user.role.padEnd(10)} ${user.userName}${state}${byHand}`);
      }
    } else if (nextRole?.success && email) {
      await setRole(db, repo, email, nextRole.data);
    }
  });
  return 0;
}

async function setRole(db: Db, repo: RecordsRepo, email: string, role: WorkspaceRole): Promise<void> {
  const outcome = await db.transaction(async (tx) => {
    await repo.lockDirectory(tx);
    const users = await liveUsers(tx, repo);
    const user = users.find((u) => u.userName.toLowerCase() === email.trim().toLowerCase());
    if (!user) {
      throw new StartupError(
        `There is no user ${email} in this workspace: assign them to the Latchkey app in Okta so it provisions them, then run this again.`,
        { code: 'no_such_user' },
      );
    }
    const teams = await liveTeams(tx);
    if (user.manualRole === role) return { user, changed: false, notice: groupRoleNotice(user, teams) };
    const check = checkKeepsAnOwner(users, user.id, role);
    if (!check.ok) throw new StartupError(`Not changed: ${check.message}`, { code: check.reason });
    // As the REST route does: the role given by hand changes, the effective role stays at least
    // what the user's Okta-mapped teams give, and a demotion below Super Admin clears All-Access Mode.
    const next = settleAllAccess(withGroupRole({ ...user, manualRole: role }, teams));
    await repo.put(tx, 'users', next, { type: 'system', name: 'cli' }, 'user.setRole');
    return { user, changed: true, notice: groupRoleNotice(next, teams) };
  });
  const inactive = outcome.user.active ? '' : ' (deactivated in Okta: the role applies once Okta reactivates them)';
  console.error(
    outcome.changed
      ? `${outcome.user.userName} is now ${role}${inactive}.`
      : `${outcome.user.userName} already is ${role}${inactive}.`,
  );
  if (outcome.notice !== null) console.error(outcome.notice);
}

// Runnable directly too: `npx tsx sync-server/users/roles-cli.ts list --data DIR`.
if (runsDirectly(import.meta.url)) {
  await runCli(async (args) => {
    process.exitCode = await runRolesCli(args);
  });
}

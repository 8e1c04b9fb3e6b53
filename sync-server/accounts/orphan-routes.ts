/**
 * Orphaned-account recovery for workspace admins (policy row `accounts.recoverOrphaned`):
 *
 *   GET  /api/v1/accounts/orphaned         accounts with no active Owner, and who owned them
 *   POST /api/v1/accounts/:id/owner { userId }  gives that member a direct Owner share
 *
 * When SCIM deprovisions an account's last Owner nobody can edit, share or extend it. The rule
 * of which accounts are orphaned and who may become their Owner is `domain/orphaned-accounts.ts`;
 * the command decides it on the workspace as it is inside the write lock, so an Owner added
 * meanwhile (or a second admin's recovery) wins and this one is refused with "still has an
 * Owner". Answers name accounts and people only — never credentials, usernames or login URLs —
 * because the admin may hold no role on them. The new share is written through the repository,
 * so it is audited (`account.recoverOwner`, the admin as actor), replicated to the new Owner
 * with the credentials, and queued for Okta like any share.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { decideNewOwner, type NewOwnerRefusal, orphanedAccounts } from '../../domain/orphaned-accounts';
import { type DenyReason, decide } from '../../domain/policy';
import { Share } from '../../domain/records';
import { api } from '../../domain/wire/api';
import type { NewOwnerAnswer } from '../../domain/wire/orphans';
import { displayName, sharesOn } from '../../domain/workspace-index';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db, Queryable } from '../store/db';
import { deletedOwnerSharesBy } from '../store/record-queries';
import type { RecordsRepo } from '../store/records-repo';
import { readWorkspace } from '../workspace/workspace-reader';

export interface OrphanRoutesOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

/** The audit action of a recovery; the Audit log screen has its sentence. */
export const RECOVER_OWNER_ACTION = 'account.recoverOwner';

/** The SCIM write that removes a deprovisioned user's shares (scim/records-adapter.ts). */
const DEPROVISION_SHARE_ACTION = 'scim.share.removeOnDeprovision';

const REFUSAL_STATUS: Readonly<Record<NewOwnerRefusal, number>> = {
  account_unknown: 404,
  not_orphaned: 409,
  target_not_member: 400,
  target_login_only: 400,
};

type Outcome =
  | { kind: 'assigned'; answer: NewOwnerAnswer }
  | { kind: 'forbidden'; reason: DenyReason; message: string }
  | { kind: 'refused'; reason: NewOwnerRefusal; message: string };

export const orphanRoutes: FastifyPluginAsync<OrphanRoutesOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  serveRoute(app, api.orphanedAccounts, {
    handler: async ({ request }) => {
      await authorize(opts.authenticate, request, 'accounts.recoverOrphaned');
      // Read fresh: the cached index may hold stale account names (workspace-cache.ts).
      const ws = await readWorkspace(opts.db);
      const departed = await departedOwnerShares(opts.db);
      return {
        accounts: orphanedAccounts(ws, departed).map(({ account, formerOwners }) => ({
          id: account.id,
          name: account.name,
          appName: account.appName,
          rotationRequired: account.rotationRequired,
          formerOwners: formerOwners.map((u) => ({ id: u.id, name: displayName(u) })),
        })),
      };
    },
  });

  serveRoute(app, api.giveOwner, {
    invalid: {
      params: 'The id in the path is not a valid id.',
      body: 'The body must be { "userId": the new Owner\'s id }.',
    },
    handler: async ({ request, input }) => {
      // Who may recover at all is answered before the path or body are read, so a refusal says
      // nothing about whether a guessed account exists or is orphaned.
      const { principal } = await authorize(opts.authenticate, request, 'accounts.recoverOrphaned');
      const accountId = input.params().id;
      const userId = input.body().userId;
      const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
      const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
        await opts.repo.lockDirectory(tx);
        const ws = await readWorkspace(tx);
        // The admin's own standing is asked again on the locked state: a demotion committed since
        // the request was authenticated must not let the recovery through.
        const still = decide(ws, principal.user.id, 'accounts.recoverOrphaned');
        if (!still.allowed) return { kind: 'forbidden', reason: still.reason, message: still.message };
        const decision = decideNewOwner(ws, accountId, userId);
        if (!decision.allowed) return { kind: 'refused', reason: decision.reason, message: decision.message };
        // A member who already collaborates directly is promoted on that share, so they never
        // hold two shares on one account.
        const existing = sharesOn(ws, 'account', accountId).find(
          (s) => s.granteeType === 'user' && s.granteeId === userId,
        );
        const share = Share.parse({
          id: existing?.id ?? recoveryShareId(accountId, userId),
          itemType: 'account',
          itemId: accountId,
          granteeType: 'user',
          granteeId: userId,
          role: 'owner',
          updatedAt: now().toISOString(),
        });
        await opts.repo.put(tx, 'shares', share, actor, RECOVER_OWNER_ACTION);
        return { kind: 'assigned', answer: { accountId, userId, shareId: share.id } };
      });
      if (outcome.kind === 'forbidden') throw new ApiError(403, outcome.reason, outcome.message);
      if (outcome.kind === 'refused') {
        const status = REFUSAL_STATUS[outcome.reason];
        throw new ApiError(
          status,
          outcome.reason === 'account_unknown' ? 'not_found' : outcome.reason,
          outcome.message,
        );
      }
      return outcome.answer;
    },
  });
};

/** Deterministic, so a retried request writes the same share instead of a second one. */
export function recoveryShareId(accountId: string, userId: string): string {
  return `rec-${createHash('sha256').update(`account:${accountId}:${userId}`).digest('base64url').slice(0, 32)}`;
}

/**
 * Owner shares deleted when their holder was deprovisioned: their tombstones keep the share,
 * which is how the list still names who owned an account after SCIM removed their access.
 */
function departedOwnerShares(q: Queryable): Promise<Share[]> {
  return deletedOwnerSharesBy(q, DEPROVISION_SHARE_ACTION);
}

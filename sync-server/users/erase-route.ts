/**
 * `POST /api/v1/users/:id/erase`: an Owner permanently deletes the data of a user Okta has
 * deactivated or removed. Irreversible. Who may is the policy row `users.erase`, asked before the
 * path is read, so a refused caller learns nothing about which ids exist; whom is `decideErase`
 * (domain/user-erasure.ts) on the user as stored inside the write lock, so a reactivation that
 * commits first is seen. The writes are eraseUser's (erase-user.ts), in the same transaction.
 */
import type { FastifyPluginAsync } from 'fastify';
import { decideErase, type EraseRefusal } from '../../domain/user-erasure';
import { api } from '../../domain/wire/api';
import type { EraseAnswer } from '../../domain/wire/erase';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { eraseUser } from './erase-user';

export interface EraseRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

type Outcome = { kind: 'erased'; answer: EraseAnswer } | { kind: 'refused'; reason: EraseRefusal; message: string };

const STATUS: Record<EraseRefusal, number> = { user_unknown_target: 404, erase_self: 403, user_still_active: 409 };

export const eraseRoute: FastifyPluginAsync<EraseRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  serveRoute(app, api.eraseUser, {
    invalid: { params: 'The id in the path is not a valid id.' },
    handler: async ({ request, input }) => {
      const { principal } = await authorize(opts.authenticate, request, 'users.erase');
      const params = input.params();
      const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
      const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
        await opts.repo.lockDirectory(tx);
        const target = (await opts.repo.get(tx, 'users', params.id)) ?? undefined;
        const decision = decideErase(principal.user.id, target);
        if (decision.kind === 'refused') return decision;
        if (decision.kind === 'done') {
          const erasedAt = decision.user.erasedAt ?? decision.user.updatedAt;
          return {
            kind: 'erased',
            answer: { userId: decision.user.id, erasedAt, removedShareIds: [], leftTeamIds: [] },
          };
        }
        const at = now().toISOString();
        const report = await eraseUser(tx, opts.repo, decision.user, actor, at);
        return {
          kind: 'erased',
          answer: {
            userId: report.user.id,
            erasedAt: at,
            removedShareIds: report.removedShareIds,
            leftTeamIds: report.leftTeamIds,
          },
        };
      });
      if (outcome.kind === 'refused') throw new ApiError(STATUS[outcome.reason], outcome.reason, outcome.message);
      return outcome.answer;
    },
  });
};

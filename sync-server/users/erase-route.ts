/**
 * `POST /api/v1/users/:id/erase`: an Owner permanently deletes the data of a user Okta has
 * deactivated or removed. Irreversible. Who may is the policy row `users.erase`, asked before the
 * path is read, so a refused caller learns nothing about which ids exist; whom is `decideErase`
 * (domain/user-erasure.ts) on the user as stored inside the write lock, so a reactivation that
 * commits first is seen. The writes are eraseUser's (erase-user.ts), in the same transaction.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { decide } from '../../domain/policy';
import { Id } from '../../domain/records';
import { decideErase, type EraseRefusal } from '../../domain/user-erasure';
import type { EraseAnswer } from '../../domain/wire/erase';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { eraseUser } from './erase-user';

export interface EraseRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

const Params = z.object({ id: Id });

type Outcome = { kind: 'erased'; answer: EraseAnswer } | { kind: 'refused'; reason: EraseRefusal; message: string };

const STATUS: Record<EraseRefusal, number> = { user_unknown_target: 404, erase_self: 403, user_still_active: 409 };

export const eraseRoute: FastifyPluginAsync<EraseRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  app.post('/api/v1/users/:id/erase', async (request, reply) => {
    const { principal, state } = await opts.authenticate(request);
    const may = decide(state.index, principal.user.id, 'users.erase');
    if (!may.allowed) return reply.code(403).send({ error: { code: may.reason, message: may.message } });
    const params = Params.safeParse(request.params);
    if (!params.success) throw new ApiError(400, 'bad_request', 'The id in the path is not a valid id.');
    const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
    const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
      await opts.repo.lockDirectory(tx);
      const target = (await opts.repo.get(tx, 'users', params.data.id)) ?? undefined;
      const decision = decideErase(principal.user.id, target);
      if (decision.kind === 'refused') return decision;
      if (decision.kind === 'done') {
        const erasedAt = decision.user.erasedAt ?? decision.user.updatedAt;
        return { kind: 'erased', answer: { userId: decision.user.id, erasedAt, removedShareIds: [], leftTeamIds: [] } };
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
    if (outcome.kind === 'refused') {
      return reply.code(STATUS[outcome.reason]).send({ error: { code: outcome.reason, message: outcome.message } });
    }
    return outcome.answer;
  });
};

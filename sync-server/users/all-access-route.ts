/**
 * `PUT /api/v1/me/all-access` body `{ on }`: a Super Admin or Owner turns their own All-Access
 * Mode on or off. It is a command, not a replicated edit — users are read-only to pushes
 * (domain/change-policy.ts) — because the mode changes what the caller's replica may hold:
 * the write goes through the repository, whose visibility re-sequencing (store/visibility-bumps.ts)
 * makes the next pull bring every account and collection (never credentials) when it turns on,
 * and tombstones for everything the caller holds no role on when it turns off. Audited as
 * `user.allAccessOn` / `user.allAccessOff` with the caller as actor. It never touches Okta:
 * the projection counts item roles only (domain/okta-projection.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { mayHoldAllAccess } from '../../domain/access';
import { type Decision, decide } from '../../domain/policy';
import type { User } from '../../domain/records';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';

export interface AllAccessRouteOptions {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  now?: () => Date;
}

type Outcome = { kind: 'done'; user: User } | { kind: 'refused'; decision: Decision & { allowed: false } };

export const allAccessRoute: FastifyPluginAsync<AllAccessRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  serveRoute(app, api.setAllAccess, {
    invalid: { body: 'The body must be { "on": true } or { "on": false }.' },
    handler: async ({ request, input }) => {
      // Who may hold the mode is answered before the body is even read.
      const { principal, state } = await authorize(opts.authenticate, request, 'me.toggleAllAccess');
      const body = input.body();
      const actor = { type: 'user', userId: principal.user.id, deviceId: principal.deviceId } as const;
      const outcome = await opts.db.transaction(async (tx): Promise<Outcome> => {
        await opts.repo.lockDirectory(tx);
        // The caller as stored now: a demotion or deactivation committed since the cached index was
        // read must win, or the mode could be turned on by someone who no longer may hold it.
        const current = await opts.repo.get(tx, 'users', principal.user.id);
        if (current === null || !mayHoldAllAccess(current)) {
          const users = new Map(state.index.users);
          if (current === null) users.delete(principal.user.id);
          else users.set(current.id, current);
          const decision = decide({ ...state.index, users }, principal.user.id, 'me.toggleAllAccess');
          if (!decision.allowed) return { kind: 'refused', decision };
        }
        if (current === null) throw new ApiError(404, 'not_found', 'Your user is not in this workspace.');
        if (current.allAccess === body.on) return { kind: 'done', user: current };
        const next = { ...current, allAccess: body.on, updatedAt: now().toISOString() };
        await opts.repo.put(tx, 'users', next, actor, body.on ? 'user.allAccessOn' : 'user.allAccessOff');
        return { kind: 'done', user: next };
      });
      if (outcome.kind === 'refused') throw new ApiError(403, outcome.decision.reason, outcome.decision.message);
      return { on: outcome.user.allAccess };
    },
  });
};

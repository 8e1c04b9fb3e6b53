/**
 * Account logos (domain/account-logo.ts):
 *
 *   PUT    /api/v1/accounts/:id/logo  { mediaType, data }   account Owners (policy row account.editDetails)
 *   DELETE /api/v1/accounts/:id/logo                        account Owners
 *   GET    /api/v1/accounts/:id/logo                        whoever may see the account (account.view)
 *   GET    /api/v1/accounts/logos                           which accounts the caller sees have one, and its digest
 *
 * The policy is asked before the account or its logo is looked at, so a refusal says nothing
 * about an account the caller cannot see. Uploads are re-encoded (logo-image.ts) before they are
 * stored; a change is audited (`account.setLogo`, `account.removeLogo`) and queues the account for
 * Okta in the same transaction, so its app's logo follows (okta/logo-sync.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { type Action, decide } from '../../domain/policy';
import { api } from '../../domain/wire/api';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import { enqueue } from '../okta/outbox';
import { auditRecordEvents } from '../store/audit-write';
import type { Db, Queryable } from '../store/db';
import { cleanLogo, LogoRejected } from './logo-image';
import { deleteLogo, readLogo, writeLogo } from './logo-store';

export interface LogoRoutesOptions {
  db: Db;
  authenticate: Authenticator;
}

const REFUSAL_STATUS = { logo_too_large: 413, logo_unsupported_type: 415, logo_invalid: 400 } as const;

export const SET_LOGO_ACTION = 'account.setLogo';
export const REMOVE_LOGO_ACTION = 'account.removeLogo';

const ID_INVALID = 'The id in the path is not a valid id.';

export const logoRoutes: FastifyPluginAsync<LogoRoutesOptions> = async (app, opts) => {
  /** Authenticates, reads the id, asks the policy; throws the refusal. */
  const gate = async (
    request: Parameters<Authenticator>[0],
    params: () => { id: string },
    action: Action,
  ): Promise<{ accountId: string; userId: string; deviceId: string | null }> => {
    const { principal, state } = await opts.authenticate(request);
    const { id } = params();
    const decision = decide(state.index, principal.user.id, action, { type: 'account', id });
    if (!decision.allowed) throw new ApiError(403, decision.reason, decision.message);
    return { accountId: id, userId: principal.user.id, deviceId: principal.deviceId };
  };

  serveRoute(app, api.logoIndex, {
    handler: async ({ request }) => {
      const { principal, state } = await opts.authenticate(request);
      const rows = await opts.db.query<{ account_id: string; digest: string }>(
        'select account_id, digest from account_logos order by account_id',
      );
      return {
        logos: rows
          .filter(
            (r) =>
              decide(state.index, principal.user.id, 'account.view', { type: 'account', id: r.account_id }).allowed,
          )
          .map((r) => ({ accountId: r.account_id, digest: r.digest })),
      };
    },
  });

  serveRoute(app, api.logo, {
    invalid: { params: ID_INVALID },
    handler: async ({ request, reply, input }) => {
      const ok = await gate(request, input.params, 'account.view');
      const logo = await readLogo(opts.db, ok.accountId);
      if (logo === null) throw new ApiError(404, 'not_found', 'This account has no logo.');
      // The body is an image in JSON; never let a browser sniff it into something else.
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache');
      return {
        accountId: logo.accountId,
        mediaType: logo.mediaType,
        data: logo.bytes.toString('base64'),
        digest: logo.digest,
      };
    },
  });

  serveRoute(app, api.setLogo, {
    invalid: {
      params: ID_INVALID,
      body: (error) =>
        error.issues.some((i) => i.code === 'too_big')
          ? new ApiError(
              413,
              'logo_too_large',
              'The logo is larger than 100 KB. Use a smaller PNG or SVG (200 x 200 px is enough).',
            )
          : new ApiError(400, 'bad_request', 'Send {"mediaType": "image/png" | "image/svg+xml", "data": "<base64>"}.'),
    },
    handler: async ({ request, input }) => {
      const ok = await gate(request, input.params, 'account.editDetails');
      const body = input.body();
      let clean: ReturnType<typeof cleanLogo>;
      try {
        clean = cleanLogo(body.mediaType, Buffer.from(body.data, 'base64'));
      } catch (err) {
        if (!(err instanceof LogoRejected)) throw err;
        throw new ApiError(REFUSAL_STATUS[err.code], err.code, err.message);
      }
      await opts.db.transaction(async (tx) => {
        await writeLogo(tx, ok.accountId, clean, ok.userId);
        await audit(tx, SET_LOGO_ACTION, ok);
        await enqueue(tx, [ok.accountId]);
      });
      return { accountId: ok.accountId, mediaType: clean.mediaType, digest: clean.digest };
    },
  });

  serveRoute(app, api.removeLogo, {
    invalid: { params: ID_INVALID },
    handler: async ({ request, input }) => {
      const ok = await gate(request, input.params, 'account.editDetails');
      const removed = await opts.db.transaction(async (tx) => {
        const had = await deleteLogo(tx, ok.accountId);
        if (had) await audit(tx, REMOVE_LOGO_ACTION, ok);
        return had;
      });
      return { accountId: ok.accountId, removed };
    },
  });
};

/** One audit row, about the account record (at its current seq), naming no image content. */
async function audit(
  tx: Queryable,
  action: string,
  who: { accountId: string; userId: string; deviceId: string | null },
) {
  await auditRecordEvents(
    tx,
    {
      actor: { type: 'user', userId: who.userId, deviceId: who.deviceId },
      action,
      collection: 'accounts',
      recordId: who.accountId,
    },
    [{ fields: ['logo'] }],
  );
}

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
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type LogoAnswer, type LogoIndex, LogoUpload } from '../../domain/account-logo';
import { type Action, decide } from '../../domain/policy';
import { Id } from '../../domain/records';
import type { Authenticator } from '../auth/authenticate';
import { enqueue } from '../okta/outbox';
import type { Db, Queryable } from '../store/db';
import { cleanLogo, LogoRejected } from './logo-image';
import { deleteLogo, readLogo, writeLogo } from './logo-store';

export interface LogoRoutesOptions {
  db: Db;
  authenticate: Authenticator;
}

const Params = z.object({ id: Id });

const REFUSAL_STATUS = { logo_too_large: 413, logo_unsupported_type: 415, logo_invalid: 400 } as const;

export const SET_LOGO_ACTION = 'account.setLogo';
export const REMOVE_LOGO_ACTION = 'account.removeLogo';

export const logoRoutes: FastifyPluginAsync<LogoRoutesOptions> = async (app, opts) => {
  /** Authenticates, reads the id, asks the policy; answers the refusal itself and returns null. */
  const gate = async (request: Parameters<Authenticator>[0], reply: FastifyReply, action: Action) => {
    const { principal, state } = await opts.authenticate(request);
    const params = Params.safeParse(request.params);
    if (!params.success) {
      await reply.code(400).send({ error: { code: 'bad_request', message: 'The id in the path is not a valid id.' } });
      return null;
    }
    const decision = decide(state.index, principal.user.id, action, { type: 'account', id: params.data.id });
    if (!decision.allowed) {
      await reply.code(403).send({ error: { code: decision.reason, message: decision.message } });
      return null;
    }
    return { accountId: params.data.id, userId: principal.user.id, deviceId: principal.deviceId };
  };

  app.get('/api/v1/accounts/logos', async (request): Promise<LogoIndex> => {
    const { principal, state } = await opts.authenticate(request);
    const rows = await opts.db.query<{ account_id: string; digest: string }>(
      'select account_id, digest from account_logos order by account_id',
    );
    return {
      logos: rows
        .filter(
          (r) => decide(state.index, principal.user.id, 'account.view', { type: 'account', id: r.account_id }).allowed,
        )
        .map((r) => ({ accountId: r.account_id, digest: r.digest })),
    };
  });

  app.get('/api/v1/accounts/:id/logo', async (request, reply) => {
    const ok = await gate(request, reply, 'account.view');
    if (ok === null) return reply;
    const logo = await readLogo(opts.db, ok.accountId);
    if (logo === null) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'This account has no logo.' } });
    }
    const answer: LogoAnswer = {
      accountId: logo.accountId,
      mediaType: logo.mediaType,
      data: logo.bytes.toString('base64'),
      digest: logo.digest,
    };
    // The body is an image in JSON; never let a browser sniff it into something else.
    return reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-cache').send(answer);
  });

  app.put('/api/v1/accounts/:id/logo', async (request, reply) => {
    const ok = await gate(request, reply, 'account.editDetails');
    if (ok === null) return reply;
    const body = LogoUpload.safeParse(request.body);
    if (!body.success) {
      const tooLong = body.error.issues.some((i) => i.code === 'too_big');
      return reply.code(tooLong ? 413 : 400).send({
        error: {
          code: tooLong ? 'logo_too_large' : 'bad_request',
          message: tooLong
            ? 'The logo is larger than 100 KB. Use a smaller PNG or SVG (200 x 200 px is enough).'
            : 'Send {"mediaType": "image/png" | "image/svg+xml", "data": "<base64>"}.',
        },
      });
    }
    let clean: ReturnType<typeof cleanLogo>;
    try {
      clean = cleanLogo(body.data.mediaType, Buffer.from(body.data.data, 'base64'));
    } catch (err) {
      if (!(err instanceof LogoRejected)) throw err;
      return reply.code(REFUSAL_STATUS[err.code]).send({ error: { code: err.code, message: err.message } });
    }
    await opts.db.transaction(async (tx) => {
      await writeLogo(tx, ok.accountId, clean, ok.userId);
      await audit(tx, SET_LOGO_ACTION, ok);
      await enqueue(tx, [ok.accountId]);
    });
    return reply.code(200).send({ accountId: ok.accountId, mediaType: clean.mediaType, digest: clean.digest });
  });

  app.delete('/api/v1/accounts/:id/logo', async (request, reply) => {
    const ok = await gate(request, reply, 'account.editDetails');
    if (ok === null) return reply;
    const removed = await opts.db.transaction(async (tx) => {
      const had = await deleteLogo(tx, ok.accountId);
      if (had) await audit(tx, REMOVE_LOGO_ACTION, ok);
      return had;
    });
    return reply.code(200).send({ accountId: ok.accountId, removed });
  });
};

/** One audit row, about the account record (its current seq), naming no image content. */
async function audit(
  tx: Queryable,
  action: string,
  who: { accountId: string; userId: string; deviceId: string | null },
) {
  await tx.query(
    `insert into audit_events (actor_type, actor_id, device_id, action, collection, record_id, seq, detail)
     values ('user', $1, $2, $3, 'accounts', $4,
             coalesce((select seq from records where collection = 'accounts' and id = $4), 0),
             jsonb_build_object('fields', jsonb_build_array('logo')))`,
    [who.userId, who.deviceId, action, who.accountId],
  );
}

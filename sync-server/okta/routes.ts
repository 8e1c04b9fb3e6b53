/**
 * Extended account access over the API. Every route: authenticate (OIDC bearer →
 * active user), validate the input, decide with domain/policy.ts, then write in one
 * transaction whose outbox hook queues the Okta work. The client is never trusted: who may do
 * what comes only from the server's workspace and the policy table.
 *
 *   PUT    /api/v1/workspace/extended-access        { enabled }   admins and above
 *   POST   /api/v1/workspace/remove-all-extensions                admins and above
 *   POST   /api/v1/accounts/:id/extend                            account owners
 *   DELETE /api/v1/accounts/:id/extend                            account owners
 *   POST   /api/v1/accounts/:id/sync                              account owners
 *   POST   /api/v1/collections/:id/extend | DELETE …              collection owners (a standing choice)
 *   POST   /api/v1/me/sync-extended                               the caller's owned extended accounts
 *   GET    /api/v1/okta/status                                    any member: feature, progress, queue, connection
 *   POST   /api/v1/okta/connection/check                          admins and above: check the connection now
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { holdersOf } from '../../domain/access';
import { unextendRefusal } from '../../domain/collection-extension';
import { type Action, type Decision, decide, type ItemRef } from '../../domain/policy';
import { type Account, Id } from '../../domain/records';
import type { OktaConnection } from '../../domain/wire/okta-connection';
import {
  type AccountExtension,
  type AccountExtensionAnswer,
  type CollectionExtensionAnswer,
  type ExtendedAccessAnswer,
  ExtendedAccessBody,
  type RemoveAllAnswer,
  type SyncExtendedAnswer,
} from '../../domain/wire/okta-extension';
import type { Authenticator, Principal } from '../auth/authenticate';
import type { Db } from '../store/db';
import type { Actor, RecordsRepo } from '../store/records-repo';
import { readWorkspace } from '../workspace/workspace-reader';
import {
  extendAccount,
  featureOffNotice,
  setCollectionExtended,
  setFeature,
  syncAccountNow,
  unextendAccount,
} from './extension-actions';
import { readRunState } from './outbox';
import { readSweepReport } from './sweep-lease';

export interface OktaRoutesDeps {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
  /** False when the server has no Okta org configured: nothing could reach Okta. */
  oktaConfigured: boolean;
  /** The last connection check (connection-check.ts), and a check made now. */
  connection: () => OktaConnection;
  checkConnection: () => Promise<OktaConnection>;
  /** Time between drift sweeps (drift-sweep.ts); null or absent when the sweep is off. */
  sweepIntervalMs?: number | null;
  now?: () => Date;
}

const IdParams = z.object({ id: Id });

export async function oktaRoutes(app: FastifyInstance, deps: OktaRoutesDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const actorOf = (p: Principal): Actor => ({ type: 'user', userId: p.user.id, deviceId: p.deviceId });

  /**
   * Authenticates and applies the policy; replies 403 on refusal. The server's workspace cache
   * is current for everything `decide` reads (roles, shares, memberships, settings); account
   * fields it may lag on are re-read inside each write transaction.
   */
  const gate = async (request: Parameters<Authenticator>[0], reply: FastifyReply, action: Action, item?: ItemRef) => {
    const { principal, state } = await deps.authenticate(request);
    const ws = state.index;
    const decision: Decision = decide(ws, principal.user.id, action, item);
    if (!decision.allowed) {
      await reply.code(403).send({ error: { code: decision.reason, message: decision.message } });
      return null;
    }
    return { principal, ws };
  };
  const requireOkta = async (reply: FastifyReply): Promise<boolean> => {
    if (deps.oktaConfigured) return true;
    await reply.code(503).send({
      error: {
        code: 'okta_not_configured',
        message:
          'This Latchkey server is not connected to Okta. Ask your administrator to start it with --okta-org-url and an API token.',
      },
    });
    return false;
  };
  const parseParams = async (raw: unknown, reply: FastifyReply): Promise<string | null> => {
    const parsed = IdParams.safeParse(raw);
    if (parsed.success) return parsed.data.id;
    await reply.code(400).send({ error: { code: 'bad_request', message: 'The id in the path is not a valid id.' } });
    return null;
  };

  app.put('/api/v1/workspace/extended-access', async (request, reply) => {
    const body = ExtendedAccessBody.safeParse(request.body);
    if (!body.success) {
      return reply
        .code(400)
        .send({ error: { code: 'bad_request', message: 'Send {"enabled": true} or {"enabled": false}.' } });
    }
    const ok = await gate(request, reply, 'workspace.toggleExtendedAccess');
    if (ok === null) return reply;
    const settings = await deps.db.transaction((tx) =>
      setFeature(tx, deps.repo, body.data.enabled, actorOf(ok.principal)),
    );
    const message = settings.extendedAccessEnabled
      ? 'Extended account access is on. Account owners can extend their accounts to Okta; extended accounts are brought up to date now.'
      : await featureOffNotice(deps.db);
    return { enabled: settings.extendedAccessEnabled, message } satisfies ExtendedAccessAnswer;
  });

  app.post('/api/v1/workspace/remove-all-extensions', async (request, reply) => {
    const ok = await gate(request, reply, 'workspace.removeAllExtensions');
    if (ok === null) return reply;
    const actor = actorOf(ok.principal);
    const removed = await deps.db.transaction(async (tx) => {
      let n = 0;
      // Standing extensions end too, or the collections' accounts would be extended again.
      for (const collection of ok.ws.collections.values()) {
        if (collection.extended)
          await setCollectionExtended(tx, deps.repo, collection.id, false, actor, now().toISOString());
      }
      for (const account of ok.ws.accounts.values()) {
        const fresh = await deps.repo.getForUpdate(tx, 'accounts', account.id);
        if (fresh !== null && fresh.extensionState !== 'off') {
          await unextendAccount(tx, deps.repo, fresh, actor, 'account.unextend.all');
          n += 1;
        }
      }
      return n;
    });
    return {
      removing: removed,
      message: `Removing ${removed} extended account${removed === 1 ? '' : 's'} from Okta for every member. Their chiclets disappear as Okta is updated.`,
    } satisfies RemoveAllAnswer;
  });

  for (const [method, action] of [
    ['POST', 'account.extend'],
    ['DELETE', 'account.unextend'],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/accounts/:id/extend',
      handler: async (request, reply) => {
        const id = await parseParams(request.params, reply);
        if (id === null) return reply;
        const ok = await gate(request, reply, action, { type: 'account', id });
        if (ok === null) return reply;
        if (action === 'account.extend' && !(await requireOkta(reply))) return reply;
        const account = await deps.db.transaction(async (tx) => {
          const fresh = await deps.repo.getForUpdate(tx, 'accounts', id);
          if (fresh === null) return null;
          if (action === 'account.extend')
            return extendAccount(tx, deps.repo, fresh, actorOf(ok.principal), now().toISOString());
          const collection =
            fresh.collectionId === null ? null : await deps.repo.getForUpdate(tx, 'collections', fresh.collectionId);
          const refusal = unextendRefusal(fresh, collection);
          if (refusal !== null) return { refusal };
          return unextendAccount(tx, deps.repo, fresh, actorOf(ok.principal));
        });
        if (account === null)
          return reply.code(404).send({ error: { code: 'not_found', message: 'This account was deleted.' } });
        if ('refusal' in account)
          return reply.code(409).send({ error: { code: 'extended_by_collection', message: account.refusal } });
        return reply.code(202).send({ account: statusOf(account) } satisfies AccountExtensionAnswer);
      },
    });
  }

  app.post('/api/v1/accounts/:id/sync', async (request, reply) => {
    const id = await parseParams(request.params, reply);
    if (id === null) return reply;
    const ok = await gate(request, reply, 'account.syncNow', { type: 'account', id });
    if (ok === null || !(await requireOkta(reply))) return reply;
    const account = await deps.db.transaction(async (tx) => {
      const fresh = await deps.repo.getForUpdate(tx, 'accounts', id);
      if (fresh === null || fresh.extensionState === 'off') return fresh;
      return syncAccountNow(tx, deps.repo, fresh, actorOf(ok.principal));
    });
    if (account === null)
      return reply.code(404).send({ error: { code: 'not_found', message: 'This account was deleted.' } });
    if (account.extensionState === 'off') {
      return reply
        .code(409)
        .send({ error: { code: 'not_extended', message: 'This account is not extended to Okta. Extend it first.' } });
    }
    return reply.code(202).send({ account: statusOf(account) } satisfies AccountExtensionAnswer);
  });

  for (const [method, action] of [
    ['POST', 'collection.extend'],
    ['DELETE', 'collection.unextend'],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/collections/:id/extend',
      handler: async (request, reply) => {
        const id = await parseParams(request.params, reply);
        if (id === null) return reply;
        const ok = await gate(request, reply, action, { type: 'collection', id });
        if (ok === null) return reply;
        if (action === 'collection.extend' && !(await requireOkta(reply))) return reply;
        const actor = actorOf(ok.principal);
        const extended = action === 'collection.extend';
        const changed = await deps.db.transaction((tx) =>
          setCollectionExtended(tx, deps.repo, id, extended, actor, now().toISOString()),
        );
        if (changed === null)
          return reply.code(404).send({ error: { code: 'not_found', message: 'This collection was deleted.' } });
        const { collection, accounts } = changed;
        return reply.code(202).send({
          collection: { id: collection.id, extended: collection.extended, extendedAt: collection.extendedAt },
          accounts,
        } satisfies CollectionExtensionAnswer);
      },
    });
  }

  app.post('/api/v1/me/sync-extended', async (request, reply) => {
    const { principal } = await deps.authenticate(request);
    if (!(await requireOkta(reply))) return reply;
    const ws = await readWorkspace(deps.db);
    const mine = [...ws.accounts.values()].filter(
      (a) =>
        a.extensionState !== 'off' &&
        holdersOf(ws, { type: 'account', id: a.id }).get(principal.user.id)?.role === 'owner',
    );
    for (const a of mine) {
      // Owning the account is not enough (Login-only, feature off): say why, as for one account.
      const d = decide(ws, principal.user.id, 'account.syncNow', { type: 'account', id: a.id });
      if (!d.allowed) return reply.code(403).send({ error: { code: d.reason, message: d.message } });
    }
    await deps.db.transaction(async (tx) => {
      for (const a of mine) {
        const fresh = await deps.repo.getForUpdate(tx, 'accounts', a.id);
        if (fresh !== null && fresh.extensionState !== 'off')
          await syncAccountNow(tx, deps.repo, fresh, actorOf(principal));
      }
    });
    return reply.code(202).send({ accounts: mine.length } satisfies SyncExtendedAnswer);
  });

  app.get('/api/v1/okta/status', async (request) => {
    const { state } = await deps.authenticate(request);
    const { progress, pending } = await readRunState(deps.db);
    return {
      enabled: state.index.settings.extendedAccessEnabled,
      configured: deps.oktaConfigured,
      pending,
      progress,
      connection: deps.connection(),
      sweep: { intervalMs: deps.sweepIntervalMs ?? null, ...(await readSweepReport(deps.db)) },
    };
  });

  // "Refresh" on the Okta connection panel: one authenticated call to Okta, answered when it is.
  app.post('/api/v1/okta/connection/check', async (request, reply) => {
    const ok = await gate(request, reply, 'workspace.checkOktaConnection');
    if (ok === null) return reply;
    return { connection: await deps.checkConnection() };
  });
}

function statusOf(a: Account): AccountExtension {
  return {
    id: a.id,
    extensionState: a.extensionState,
    extendedAt: a.extendedAt,
    lastSyncedAt: a.lastSyncedAt,
    lastError: a.lastError,
  };
}

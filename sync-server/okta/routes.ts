/**
 * Extended account access over the API. Every route: authenticate (OIDC bearer →
 * active user), validate the input, decide with domain/policy.ts, then write in one
 * transaction whose outbox hook queues the Okta work. The client is never trusted: who may do
 * what comes only from the server's workspace and the policy table. Each route's input, answer
 * and error codes are its entry in the HTTP contract (domain/wire/api/okta.ts).
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
import type { FastifyInstance } from 'fastify';
import { holdersOf } from '../../domain/access';
import { unextendRefusal } from '../../domain/collection-extension';
import { type Action, type Decision, decide, type ItemRef } from '../../domain/policy';
import type { Account } from '../../domain/records';
import { api } from '../../domain/wire/api';
import type { OktaConnection } from '../../domain/wire/okta-connection';
import type { AccountExtension } from '../../domain/wire/okta-extension';
import type { Authenticator, Principal } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
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

const ID_INVALID = 'The id in the path is not a valid id.';

export async function oktaRoutes(app: FastifyInstance, deps: OktaRoutesDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const actorOf = (p: Principal): Actor => ({ type: 'user', userId: p.user.id, deviceId: p.deviceId });

  /**
   * Authenticates and applies the policy to one account or collection; throws the refusal (403).
   * Workspace-wide actions go through `authorize`. The server's workspace cache is current for
   * everything `decide` reads (roles, shares, memberships, settings); account fields it may lag
   * on are re-read inside each write transaction.
   */
  const gate = async (request: Parameters<Authenticator>[0], action: Action, item: ItemRef) => {
    const { principal, state } = await deps.authenticate(request);
    const decision: Decision = decide(state.index, principal.user.id, action, item);
    if (!decision.allowed) throw new ApiError(403, decision.reason, decision.message);
    return { principal };
  };
  const requireOkta = (): void => {
    if (deps.oktaConfigured) return;
    throw new ApiError(
      503,
      'okta_not_configured',
      'This Latchkey server is not connected to Okta. Ask your administrator to start it with --okta-org-url and an API token.',
    );
  };

  serveRoute(app, api.setExtendedAccess, {
    invalid: { body: 'Send {"enabled": true} or {"enabled": false}.' },
    handler: async ({ request, input }) => {
      const body = input.body();
      const { principal } = await authorize(deps.authenticate, request, 'workspace.toggleExtendedAccess');
      const settings = await deps.db.transaction((tx) => setFeature(tx, deps.repo, body.enabled, actorOf(principal)));
      const message = settings.extendedAccessEnabled
        ? 'Extended account access is on. Account owners can extend their accounts to Okta; extended accounts are brought up to date now.'
        : await featureOffNotice(deps.db);
      return { enabled: settings.extendedAccessEnabled, message };
    },
  });

  serveRoute(app, api.removeAllExtensions, {
    handler: async ({ request }) => {
      const { principal, state } = await authorize(deps.authenticate, request, 'workspace.removeAllExtensions');
      const actor = actorOf(principal);
      const removed = await deps.db.transaction(async (tx) => {
        let n = 0;
        // Standing extensions end too, or the collections' accounts would be extended again.
        for (const collection of state.index.collections.values()) {
          if (collection.extended)
            await setCollectionExtended(tx, deps.repo, collection.id, false, actor, now().toISOString());
        }
        for (const account of state.index.accounts.values()) {
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
      };
    },
  });

  for (const [route, action] of [
    [api.extendAccount, 'account.extend'],
    [api.unextendAccount, 'account.unextend'],
  ] as const) {
    serveRoute(app, route, {
      invalid: { params: ID_INVALID },
      handler: async ({ request, input }) => {
        const { id } = input.params();
        const ok = await gate(request, action, { type: 'account', id });
        if (action === 'account.extend') requireOkta();
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
        if (account === null) throw new ApiError(404, 'not_found', 'This account was deleted.');
        if ('refusal' in account) throw new ApiError(409, 'extended_by_collection', account.refusal);
        return { account: statusOf(account) };
      },
    });
  }

  serveRoute(app, api.syncAccount, {
    invalid: { params: ID_INVALID },
    handler: async ({ request, input }) => {
      const { id } = input.params();
      const ok = await gate(request, 'account.syncNow', { type: 'account', id });
      requireOkta();
      const account = await deps.db.transaction(async (tx) => {
        const fresh = await deps.repo.getForUpdate(tx, 'accounts', id);
        if (fresh === null || fresh.extensionState === 'off') return fresh;
        return syncAccountNow(tx, deps.repo, fresh, actorOf(ok.principal));
      });
      if (account === null) throw new ApiError(404, 'not_found', 'This account was deleted.');
      if (account.extensionState === 'off') {
        throw new ApiError(409, 'not_extended', 'This account is not extended to Okta. Extend it first.');
      }
      return { account: statusOf(account) };
    },
  });

  for (const [route, action] of [
    [api.extendCollection, 'collection.extend'],
    [api.unextendCollection, 'collection.unextend'],
  ] as const) {
    serveRoute(app, route, {
      invalid: { params: ID_INVALID },
      handler: async ({ request, input }) => {
        const { id } = input.params();
        const ok = await gate(request, action, { type: 'collection', id });
        if (action === 'collection.extend') requireOkta();
        const actor = actorOf(ok.principal);
        const extended = action === 'collection.extend';
        const changed = await deps.db.transaction((tx) =>
          setCollectionExtended(tx, deps.repo, id, extended, actor, now().toISOString()),
        );
        if (changed === null) throw new ApiError(404, 'not_found', 'This collection was deleted.');
        const { collection, accounts } = changed;
        return {
          collection: { id: collection.id, extended: collection.extended, extendedAt: collection.extendedAt },
          accounts,
        };
      },
    });
  }

  serveRoute(app, api.syncMyExtended, {
    handler: async ({ request }) => {
      const { principal } = await deps.authenticate(request);
      requireOkta();
      const ws = await readWorkspace(deps.db);
      const mine = [...ws.accounts.values()].filter(
        (a) =>
          a.extensionState !== 'off' &&
          holdersOf(ws, { type: 'account', id: a.id }).get(principal.user.id)?.role === 'owner',
      );
      for (const a of mine) {
        // Owning the account is not enough (Login-only, feature off): say why, as for one account.
        const d = decide(ws, principal.user.id, 'account.syncNow', { type: 'account', id: a.id });
        if (!d.allowed) throw new ApiError(403, d.reason, d.message);
      }
      await deps.db.transaction(async (tx) => {
        for (const a of mine) {
          const fresh = await deps.repo.getForUpdate(tx, 'accounts', a.id);
          if (fresh !== null && fresh.extensionState !== 'off')
            await syncAccountNow(tx, deps.repo, fresh, actorOf(principal));
        }
      });
      return { accounts: mine.length };
    },
  });

  serveRoute(app, api.oktaStatus, {
    handler: async ({ request }) => {
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
    },
  });

  // "Refresh" on the Okta connection panel: one authenticated call to Okta, answered when it is.
  serveRoute(app, api.checkOktaConnection, {
    handler: async ({ request }) => {
      await authorize(deps.authenticate, request, 'workspace.checkOktaConnection');
      return { connection: await deps.checkConnection() };
    },
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

/**
 * Launch: the chiclet's landing page and the desktop's launch authorisation.
 *
 *   GET  /launch/:accountId                    public; hands off to latchkey://launch/:accountId?n=<nonce>
 *   POST /api/v1/launch/:accountId/authorize   bearer; decide(…, 'account.launch', …), audited;
 *                                              consumes the page's one-time nonce (launch-nonces.ts)
 *   POST /api/v1/launch/:accountId/secrets     bearer; the secrets of the caller's own launch
 *                                              authorised moments ago, released once
 *
 * The authorisation applies the one policy (domain/policy.ts): any share path (account,
 * collection, team), an active user. Every answer to an identified caller is written to
 * launch_events, allowed or refused. Credentials are never part of the authorisation's answer:
 * the desktop app takes them from its replica — except a Login-only user's, whose replica never
 * holds them (they may log in, not see the password). Their host fetches them from the secrets
 * route and types them into the login window; the renderer's API passthrough does not list that
 * route (`desktop: false` in domain/wire/api/launch.ts), so the app's UI cannot ask for them.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { decide } from '../../domain/policy';
import { Id } from '../../domain/records';
import { api } from '../../domain/wire/api';
import { type HandOff, LAUNCH_SECRETS_TTL_SECONDS } from '../../domain/wire/launch';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
import { serveRoute } from '../http/serve-route';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { recordLaunch, releaseLaunchSecrets } from './launch-events';
import { consumeLaunchNonce, mintLaunchNonce } from './launch-nonces';
import { badLinkPage, launchPage, launchPageCsp } from './launch-page';

export interface LaunchRoutesDeps {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
}

const Params = z.object({ accountId: Id });
const ACCOUNT_ID_INVALID = 'The account id in the path is not a valid id.';

/** Headers for a page that must not be cached, framed or leak its URL onward. */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-type': 'text/html; charset=utf-8',
};

export async function launchRoutes(app: FastifyInstance, deps: LaunchRoutesDeps): Promise<void> {
  app.get('/launch/:accountId', async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success) return reply.code(404).headers(PAGE_HEADERS).send(badLinkPage());
    const cspNonce = randomBytes(16).toString('base64');
    // Minted for every well-formed id, existing or not, so the page still reveals nothing.
    const handOff = await mintLaunchNonce(deps.db, params.data.accountId);
    return reply
      .headers({ ...PAGE_HEADERS, 'content-security-policy': launchPageCsp(cspNonce) })
      .send(launchPage(params.data.accountId, handOff, cspNonce));
  });

  serveRoute(app, api.authorizeLaunch, {
    invalid: {
      params: ACCOUNT_ID_INVALID,
      body: 'The body may only carry the launch link’s nonce ({ "nonce": … }).',
    },
    handler: async ({ request, input }) => {
      const { accountId } = input.params();
      const launchId = randomBytes(12).toString('base64url');

      let identity: Awaited<ReturnType<Authenticator>>;
      try {
        identity = await deps.authenticate(request);
      } catch (err) {
        // A verified token whose user is gone or deactivated is a refused launch worth auditing;
        // a missing or invalid token is not (anyone could fill the table with those).
        if (err instanceof ApiError && err.status === 403) {
          await recordLaunch(deps.db, {
            launchId,
            userId: null,
            oktaSubject: subjectOf(request.headers.authorization),
            deviceId: null,
            accountId,
            outcome: 'denied',
            reason: err.code,
          });
        }
        throw err;
      }
      const nonce = input.body()?.nonce;
      const { principal, state } = identity;
      const decision = decide(state.index, principal.user.id, 'account.launch', { type: 'account', id: accountId });
      const event = { launchId, userId: principal.user.id, oktaSubject: null, deviceId: principal.deviceId, accountId };
      if (!decision.allowed) {
        await recordLaunch(deps.db, { ...event, outcome: 'denied', reason: decision.reason });
        throw new ApiError(403, decision.reason, decision.message);
      }
      // The cached index may lag in fields no access decision reads (login URL, selectors).
      const account = await deps.repo.get(deps.db, 'accounts', accountId);
      if (account === null) {
        await recordLaunch(deps.db, { ...event, outcome: 'denied', reason: 'item_unknown' });
        throw new ApiError(403, 'item_unknown', 'This account does not exist or was deleted.');
      }
      // Consumed only for an allowed launch: a refused one needs no confirmation to be refused.
      const handOff: HandOff =
        nonce !== undefined && (await consumeLaunchNonce(deps.db, accountId, nonce)) ? 'chiclet' : 'unverified';
      await recordLaunch(deps.db, { ...event, outcome: 'allowed', reason: null });
      const seesSecrets = decide(state.index, principal.user.id, 'credentials.view', {
        type: 'account',
        id: accountId,
      });
      return {
        decision: 'allowed' as const,
        launchId,
        handOff,
        secretsFrom: seesSecrets.allowed ? ('replica' as const) : ('server' as const),
        account: {
          id: account.id,
          name: account.name,
          appName: account.appName,
          loginUrl: account.loginUrl,
          username: account.username,
          loginSelectors: account.loginSelectors,
        },
      };
    },
  });

  serveRoute(app, api.launchSecrets, {
    invalid: { params: ACCOUNT_ID_INVALID, body: 'The body must be { "launchId": … } of the launch.' },
    handler: async ({ request, reply, input }) => {
      const { principal, state } = await deps.authenticate(request);
      const { accountId } = input.params();
      // The launch policy again: access removed since the authorisation ends the launch here. An
      // unknown account is answered as one without a role, so this route tells nobody which exist.
      const decision = decide(state.index, principal.user.id, 'account.launch', { type: 'account', id: accountId });
      if (!decision.allowed) {
        if (decision.reason === 'item_unknown') {
          throw new ApiError(403, 'no_item_role', 'You do not have access to this account.');
        }
        throw new ApiError(403, decision.reason, decision.message);
      }
      const body = input.body();
      const released = await releaseLaunchSecrets(deps.db, {
        launchId: body.launchId,
        userId: principal.user.id,
        accountId,
        ttlSeconds: LAUNCH_SECRETS_TTL_SECONDS,
      });
      if (!released) {
        throw new ApiError(
          403,
          'launch_not_waiting',
          'No login of yours to this account is waiting for its password. Start the login again.',
        );
      }
      const credentials = await deps.repo.get(deps.db, 'credentials', accountId);
      if (credentials === null) {
        throw new ApiError(404, 'no_credentials', 'This account has no password saved yet. Ask its Owner.');
      }
      reply.header('cache-control', 'no-store');
      return { password: credentials.password, totpSecret: credentials.totpSecret };
    },
  });
}

/** Only called after the authenticator verified the token, so its claims can be read as-is. */
function subjectOf(authorization: string | undefined): string | null {
  try {
    const claims = decodeJwt(authorization?.replace(/^Bearer /, '') ?? '');
    const subject = typeof claims.uid === 'string' ? claims.uid : claims.sub;
    return typeof subject === 'string' ? subject.slice(0, 128) : null;
  } catch {
    return null;
  }
}

/**
 * Launch: the chiclet's landing page and the desktop's launch authorisation.
 *
 *   GET  /launch/:accountId                    public; hands off to latchkey://launch/:accountId?n=<nonce>
 *   POST /api/v1/launch/:accountId/authorize   bearer; decide(…, 'account.launch', …), audited;
 *                                              consumes the page's one-time nonce (launch-nonces.ts)
 *
 * The authorisation applies the one policy (domain/policy.ts): any share path (account,
 * collection, team), an active user, not Login-only. Every answer to an identified caller is
 * written to launch_events, allowed or refused. Credentials are never part of the answer: the
 * desktop app takes them from its replica.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { decide } from '../../domain/policy';
import { Id } from '../../domain/records';
import { type HandOff, type LaunchAllowed, LaunchAuthorizeBody } from '../../domain/wire/launch';
import type { Authenticator } from '../auth/authenticate';
import { ApiError } from '../http/api-error';
import type { Db } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import { recordLaunch } from './launch-events';
import { consumeLaunchNonce, mintLaunchNonce } from './launch-nonces';
import { badLinkPage, launchPage, launchPageCsp } from './launch-page';

export interface LaunchRoutesDeps {
  db: Db;
  repo: RecordsRepo;
  authenticate: Authenticator;
}

const Params = z.object({ accountId: Id });

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

  app.post('/api/v1/launch/:accountId/authorize', async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success) throw new ApiError(400, 'bad_request', 'The account id in the path is not a valid id.');
    const accountId = params.data.accountId;
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
    const body = LaunchAuthorizeBody.safeParse(request.body ?? {});
    if (!body.success) {
      throw new ApiError(400, 'bad_request', 'The body may only carry the launch link’s nonce ({ "nonce": … }).');
    }
    const { principal, state } = identity;
    const decision = decide(state.index, principal.user.id, 'account.launch', { type: 'account', id: accountId });
    const event = { launchId, userId: principal.user.id, oktaSubject: null, deviceId: principal.deviceId, accountId };
    if (!decision.allowed) {
      await recordLaunch(deps.db, { ...event, outcome: 'denied', reason: decision.reason });
      return reply.code(403).send({ error: { code: decision.reason, message: decision.message } });
    }
    // The cached index may lag in fields no access decision reads (login URL, selectors).
    const account = await deps.repo.get(deps.db, 'accounts', accountId);
    if (account === null) {
      await recordLaunch(deps.db, { ...event, outcome: 'denied', reason: 'item_unknown' });
      return reply
        .code(403)
        .send({ error: { code: 'item_unknown', message: 'This account does not exist or was deleted.' } });
    }
    // Consumed only for an allowed launch: a refused one needs no confirmation to be refused.
    const nonce = body.data.nonce;
    const handOff: HandOff =
      nonce !== undefined && (await consumeLaunchNonce(deps.db, accountId, nonce)) ? 'chiclet' : 'unverified';
    await recordLaunch(deps.db, { ...event, outcome: 'allowed', reason: null });
    const answer: LaunchAllowed = {
      decision: 'allowed',
      launchId,
      handOff,
      account: {
        id: account.id,
        name: account.name,
        appName: account.appName,
        loginUrl: account.loginUrl,
        username: account.username,
        loginSelectors: account.loginSelectors,
      },
    };
    return answer;
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

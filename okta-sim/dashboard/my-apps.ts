import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import { calculatePKCECodeChallenge, randomPKCECodeVerifier } from 'openid-client';
import { z } from 'zod';
import { appLogoHref } from '../api/serialize';
import { AUTH_SERVER_PATH } from '../oidc/provider';
import { esc, layout } from '../pages/html';
import type { Directory } from '../state/directory';
import type { SimApp } from '../state/records';

/** The dashboard signs in through the org's own authorization server, like Okta's, so it shares the SSO session. */
export const DASHBOARD_CLIENT_ID = 'okta-dashboard';
export const DASHBOARD_PATH = '/app/UserHome';
export const DASHBOARD_CALLBACK = `${DASHBOARD_PATH}/callback`;

const LaunchParams = z.object({ appName: z.string().min(1), appId: z.string().min(1), seq: z.string().min(1) });

export function dashboardPage(name: string, apps: SimApp[]): string {
  const chiclets = apps
    .map(
      (a) =>
        // An uploaded logo is the chiclet's icon; without one Okta shows its default (none here).
        `<li><a class="chiclet" data-app-id="${esc(a.id)}" href="/home/${esc(a.name)}/${esc(a.id)}/${a.seq}">${
          a.logo ? `<img class="chiclet-logo" src="${esc(appLogoHref(a, ''))}" alt="" width="48" height="48">` : ''
        }${esc(a.label)}</a></li>`,
    )
    .join('');
  const body =
    apps.length > 0 ? `<ul class="chiclets" aria-label="My Apps">${chiclets}</ul>` : '<p>No apps assigned.</p>';
  return layout('My Apps', `<h1>My Apps</h1><p>Signed in as ${esc(name)}</p>${body}`);
}

/**
 * End-user dashboard (help.okta.com "End-User Dashboard"): one chiclet per active app the
 * signed-in user is assigned directly or through a group, hidden apps excepted. A chiclet goes
 * through `/home/{app}/{id}/{instance}`, which checks the assignment again and redirects to the
 * bookmark's URL, as Okta's app links do.
 */
export function registerMyApps(
  app: FastifyInstance,
  provider: () => Provider,
  directory: Directory,
  baseUrl: () => string,
): void {
  const currentUser = async (
    req: { raw: import('node:http').IncomingMessage },
    res: import('node:http').ServerResponse,
  ) => {
    const session = await provider().Session.get({ req: req.raw, res });
    const user = session.accountId ? directory.users.get(session.accountId) : undefined;
    return user?.status === 'ACTIVE' ? user : undefined;
  };

  const signInRedirect = async (): Promise<string> => {
    const url = new URL(`${baseUrl()}${AUTH_SERVER_PATH}/v1/authorize`);
    url.searchParams.set('client_id', DASHBOARD_CLIENT_ID);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'openid');
    url.searchParams.set('redirect_uri', `${baseUrl()}${DASHBOARD_CALLBACK}`);
    url.searchParams.set('state', randomBytes(16).toString('base64url'));
    // The dashboard only needs the SSO session the sign-in creates; it never redeems the code.
    url.searchParams.set('code_challenge', await calculatePKCECodeChallenge(randomPKCECodeVerifier()));
    url.searchParams.set('code_challenge_method', 'S256');
    return url.href;
  };

  app.get(DASHBOARD_PATH, async (req, reply) => {
    const user = await currentUser(req, reply.raw);
    if (!user) return reply.redirect(await signInRedirect(), 302);
    const apps = directory.appsFor(user.id).filter((a) => !a.hiddenOnWeb && a.url !== null);
    return reply.type('text/html').send(dashboardPage(`${user.profile.firstName} ${user.profile.lastName}`, apps));
  });

  app.get(DASHBOARD_CALLBACK, async (_req, reply) => reply.redirect(DASHBOARD_PATH, 302));

  app.get('/home/:appName/:appId/:seq', async (req, reply) => {
    const { appId } = LaunchParams.parse(req.params);
    const user = await currentUser(req, reply.raw);
    if (!user) return reply.redirect(await signInRedirect(), 302);
    const target = directory.apps.get(appId);
    if (target?.status !== 'ACTIVE' || target.url === null || !directory.isAssigned(target, user.id)) {
      return reply
        .code(403)
        .type('text/html')
        .send(layout('Access denied', '<h1>You are not assigned to this app.</h1>'));
    }
    return reply.redirect(target.url, 302);
  });
}

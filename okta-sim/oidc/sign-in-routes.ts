import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import type { Directory } from '../state/directory';
import type { SimUser } from '../state/records';
import { SUPPORTED_SCOPES } from './claims';
import { signInPage } from './pages';
import { SIGN_IN_PATH } from './provider';

const Params = z.object({ uid: z.string().min(1).max(200) });
const Credentials = z.object({ username: z.string().trim().min(1).max(200), password: z.string().min(1).max(1000) });

function sameSecret(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export function checkPassword(directory: Directory, username: string, password: string): SimUser | undefined {
  const user = directory.findUser(username);
  if (user?.status !== 'ACTIVE') return undefined;
  return sameSecret(user.password, password) ? user : undefined;
}

/**
 * The sign-in widget stand-in: oidc-provider redirects here when an authorization request needs
 * the user to sign in. Okta shows the same "Unable to sign in" for an unknown user, a wrong
 * password and a deactivated user, so nothing is revealed about which one it was.
 */
export function registerSignInRoutes(
  app: FastifyInstance,
  provider: () => Provider,
  directory: Directory,
  audience: string,
): void {
  app.get(`${SIGN_IN_PATH}/:uid`, async (req, reply) => {
    const { uid } = Params.parse(req.params);
    const details = await provider().interactionDetails(req.raw, reply.raw);
    if (details.prompt.name === 'login') {
      return reply.type('text/html').send(signInPage({ action: `${SIGN_IN_PATH}/${uid}` }));
    }
    // A first-party client never sees a consent screen; grant what was asked and carry on.
    const accountId = details.session?.accountId;
    if (!accountId) return reply.code(400).send('no session');
    const p = provider();
    const scope = String(details.params.scope ?? '')
      .split(' ')
      .filter((s) => (SUPPORTED_SCOPES as readonly string[]).includes(s))
      .join(' ');
    const clientId = String(details.params.client_id ?? '');
    const grant = new p.Grant({ clientId, accountId });
    grant.addOIDCScope(scope);
    grant.addResourceScope(audience, scope);
    const grantId = await grant.save();
    reply.hijack();
    await p.interactionFinished(req.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
  });

  app.post(`${SIGN_IN_PATH}/:uid`, async (req, reply) => {
    const { uid } = Params.parse(req.params);
    const parsed = Credentials.safeParse(req.body);
    const user = parsed.success ? checkPassword(directory, parsed.data.username, parsed.data.password) : undefined;
    if (!user) {
      const login = parsed.success ? parsed.data.username : '';
      return reply
        .code(401)
        .type('text/html')
        .send(signInPage({ action: `${SIGN_IN_PATH}/${uid}`, login, error: 'Unable to sign in' }));
    }
    user.lastLogin = directory.stamp();
    reply.hijack();
    await provider().interactionFinished(
      req.raw,
      reply.raw,
      { login: { accountId: user.id } },
      { mergeWithLastSubmission: false },
    );
  });
}

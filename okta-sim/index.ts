import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { mintAccessToken } from './oidc/access-token';
import { createSigningKey } from './oidc/keys';
import { AUTH_SERVER_PATH, createProvider } from './oidc/provider';
import { registerSignInRoutes } from './oidc/sign-in-routes';
import { SimSeed } from './seed';
import { createSimServer } from './server';
import { Directory } from './state/directory';

export type { SimSeed } from './seed';

export interface StartOktaSimOptions {
  /** 0 = ephemeral (tests always use 0). */
  port?: number;
  /** SSWS token for the Management API; random when omitted, exposed as `apiToken`. */
  apiToken?: string;
  seed?: SimSeed;
  /** Access-token audience, default `api://latchkey`. */
  audience?: string;
  /** The desktop's native OIDC client, default `latchkey-desktop`. */
  clientId?: string;
  now?: () => Date;
}

export interface OktaSim {
  url: string;
  issuer: string;
  apiToken: string;
  clientId: string;
  audience: string;
  /** The org's state, for assertions in tests. */
  directory: Directory;
  /** Test/bench helper: an access token signed by the provider's real key, as the token endpoint would mint. */
  issueAccessToken(userId: string, opts?: { audience?: string; expiresInSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

export async function startOktaSim(opts: StartOktaSimOptions = {}): Promise<OktaSim> {
  const now = opts.now ?? (() => new Date());
  const seed = SimSeed.parse(opts.seed ?? {});
  const directory = Directory.fromSeed(seed, now);
  const audience = opts.audience ?? 'api://latchkey';
  const clientId = opts.clientId ?? 'latchkey-desktop';
  const apiToken = opts.apiToken ?? randomBytes(21).toString('base64url');
  const key = await createSigningKey();

  let provider: Provider | undefined;
  let oidcHandler: ReturnType<Provider['callback']> | undefined;
  const app = createSimServer(() => oidcHandler);
  const getProvider = (): Provider => {
    if (!provider) throw new Error('OIDC provider not started');
    return provider;
  };
  registerSignInRoutes(app, getProvider, directory, audience);

  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const issuer = `${url}${AUTH_SERVER_PATH}`;
  // The issuer embeds the port, known only once listening; requests before this get a 404.
  provider = createProvider({ issuer, audience, clientId, key, directory });
  oidcHandler = provider.callback();

  return {
    url,
    issuer,
    apiToken,
    clientId,
    audience,
    directory,
    issueAccessToken: (userId, o) =>
      mintAccessToken({
        directory,
        key,
        issuer,
        clientId,
        userId,
        audience: o?.audience ?? audience,
        expiresInSeconds: o?.expiresInSeconds ?? 3600,
        now,
      }),
    close: () => app.close(),
  };
}

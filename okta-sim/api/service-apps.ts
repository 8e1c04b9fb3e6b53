/**
 * Okta's org authorization server as API service apps use it ("OAuth 2.0 for Okta API",
 * developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/): a service app
 * authenticates with `private_key_jwt` at `POST {org}/oauth2/v1/token`, gets an access token
 * carrying the `okta.*` scopes it was granted, and calls the Management API with
 * `Authorization: Bearer <token>`.
 *
 * The org server lives apart from oidc-provider (the custom server at `/oauth2/default`):
 * its only client is the Management API gate, so access tokens are opaque random strings kept in
 * memory rather than signed JWTs.
 *
 * "Require Demonstrating Proof of Possession (DPoP) header in token requests" is a per-app option
 * (`requireDpop`, RFC 9449, developer.okta.com/docs/guides/dpop/oktaresourceserver/main/). Off, Okta
 * ignores the `DPoP` header the SDK always sends and issues Bearer tokens. On, the token request
 * needs a valid proof (else 400 `invalid_dpop_proof`) carrying a nonce the server issued (else 400
 * `use_dpop_nonce` with a fresh `DPoP-Nonce` header), and the token comes back as
 * `token_type: DPoP`, bound to the proof key's thumbprint; the Management API gate then wants
 * `Authorization: DPoP` plus a proof for every call. Okta turns the option on for new API service
 * apps (since February 2024); the simulator keeps it off unless asked, so that existing callers and
 * tests describe the Bearer flow they were written for.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import { z } from 'zod';
import { DpopNonces, DpopProofError, ProofReplayCache, verifyDpopProof } from './dpop';

export const TOKEN_PATH = '/oauth2/v1/token';
/** Org authorization server access tokens last one hour, not configurable in Okta. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
/** Okta refuses assertions whose `exp` is more than an hour ahead. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The signing algorithms Okta accepts for `private_key_jwt`. */
const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

export interface ServiceApp {
  clientId: string;
  /** Several keys while one is being rotated, as the app's "Public keys" list allows. */
  publicJwks: JWK[];
  /** Okta API scopes granted to the app (its "Okta API Scopes" tab). */
  scopes: string[];
  /** "Require Demonstrating Proof of Possession (DPoP) header in token requests"; default off. */
  requireDpop?: boolean;
}

export interface TokenGrant {
  clientId: string;
  scopes: readonly string[];
  /** Present for DPoP-bound tokens: the thumbprint of the key every call's proof must be signed with. */
  jkt?: string;
}

export interface TokenResponse {
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  access_token: string;
  scope: string;
}

/** A refusal in the token endpoint's shape (RFC 6749 §5.2), with the statuses Okta uses. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly description: string,
    /** Response headers the refusal needs (the `DPoP-Nonce` of a nonce challenge). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export const oauthErrors = {
  invalidRequest: (d: string) => new OAuthError(400, 'invalid_request', d),
  unsupportedGrantType: () =>
    new OAuthError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].',
    ),
  invalidScope: (d: string) => new OAuthError(400, 'invalid_scope', d),
  invalidClient: (d: string) => new OAuthError(401, 'invalid_client', d),
  invalidDpopProof: (d: string) => new OAuthError(400, 'invalid_dpop_proof', d),
  /** RFC 9449 §8: the proof lacks a current server nonce; the client retries with this one. */
  dpopNonceChallenge: (nonce: string) =>
    new OAuthError(400, 'use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', {
      'DPoP-Nonce': nonce,
    }),
};

/**
 * Repeated parameters arrive as arrays from the form parser; RFC 6749 §3.2 forbids them, so
 * every field is a single string.
 */
const TokenForm = z.object({
  grant_type: z.string().min(1),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  client_assertion_type: z.string().optional(),
  client_assertion: z.string().optional(),
});

function assertionRefusal(err: unknown): OAuthError {
  if (err instanceof errors.JWTExpired) return oauthErrors.invalidClient('The client_assertion token is expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud')
      return oauthErrors.invalidClient(
        'The audience claim for client_assertion must be the endpoint invoked for the request.',
      );
    if (err.claim === 'iss' || err.claim === 'sub')
      return oauthErrors.invalidClient('The client_assertion token must have iss and sub equal to the client id.');
    return oauthErrors.invalidClient(`The client_assertion token has an invalid '${err.claim}' claim: ${err.reason}.`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return oauthErrors.invalidClient('The client_assertion token is signed with an unsupported algorithm.');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed)
    return oauthErrors.invalidClient('The client_assertion signature is invalid.');
  return oauthErrors.invalidClient('The client_assertion token is not a valid JWT.');
}

async function verifyWithAny(
  assertion: string,
  candidates: errors.JWKSMultipleMatchingKeys,
  checks: JWTVerifyOptions,
): Promise<JWTPayload> {
  let refusal: unknown = new errors.JWKSNoMatchingKey();
  for await (const key of candidates) {
    try {
      return (await jwtVerify(assertion, key, checks)).payload;
    } catch (err) {
      refusal = err;
      // A key that verified the signature decides: its claim errors are the answer.
      if (!(err instanceof errors.JWSSignatureVerificationFailed)) break;
    }
  }
  throw assertionRefusal(refusal);
}

/**
 * The checks Okta makes on a `private_key_jwt` client assertion: signed by one of the app's
 * registered public keys (the one named by `kid` when the header has one), `iss` = `sub` =
 * client id, `aud` = the token endpoint's URL, `exp` present, unexpired and at most an hour
 * ahead, and a `jti` (its reuse is checked by the caller, which remembers them). Pure apart
 * from the clock it is given.
 */
export async function verifyClientAssertion(
  assertion: string,
  opts: { findApp: (clientId: string) => ServiceApp | undefined; tokenUrl: string; now: Date },
): Promise<{ clientId: string; jti: string; exp: number }> {
  let unverified: JWTPayload;
  try {
    decodeProtectedHeader(assertion);
    unverified = decodeJwt(assertion);
  } catch {
    throw oauthErrors.invalidClient('The client_assertion token is not a valid JWT.');
  }
  // Okta finds the client by the assertion's issuer before it can know which keys to trust.
  const app = typeof unverified.iss === 'string' ? opts.findApp(unverified.iss) : undefined;
  if (!app) throw oauthErrors.invalidClient('The client_assertion issuer is not a registered service app.');

  const checks: JWTVerifyOptions = {
    algorithms: ASSERTION_ALGORITHMS,
    issuer: app.clientId,
    subject: app.clientId,
    audience: opts.tokenUrl,
    currentDate: opts.now,
    requiredClaims: ['exp', 'jti'],
  };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: app.publicJwks }), checks));
  } catch (err) {
    if (!(err instanceof errors.JWKSMultipleMatchingKeys)) throw assertionRefusal(err);
    // No `kid` and several keys of the right type (a rotation in progress): any of them may have signed.
    payload = await verifyWithAny(assertion, err, checks);
  }
  const { exp, jti } = payload;
  if (typeof exp !== 'number' || typeof jti !== 'string' || jti === '')
    throw oauthErrors.invalidClient('The client_assertion token must contain exp and jti claims.');
  if (exp > opts.now.getTime() / 1000 + MAX_ASSERTION_LIFETIME_SECONDS)
    throw oauthErrors.invalidClient('The client_assertion token has an expiration too far into the future.');
  return { clientId: app.clientId, jti, exp };
}

/**
 * The scopes any one of which lets a token make a Management API call, or null for paths the
 * simulator has no scope rule for (they answer 404 anyway). `manage` implies `read`, as in
 * Okta's scope list (developer.okta.com/docs/api/oauth2/).
 */
export function scopesAllowing(method: string, path: string): string[] | null {
  const family = /^\/api\/v1\/(apps|users|groups)(?:\/|$)/.exec(path)?.[1];
  if (!family) return null;
  const read = method === 'GET' || method === 'HEAD';
  return read ? [`okta.${family}.read`, `okta.${family}.manage`] : [`okta.${family}.manage`];
}

interface IssuedToken extends TokenGrant {
  expiresAtMs: number;
}

/**
 * Registered service apps, the access tokens issued to them, the assertion ids already used, and
 * the DPoP nonces and proof ids (token endpoint and Management API share them, as one org does).
 */
export class ServiceApps {
  readonly #apps = new Map<string, ServiceApp>();
  readonly #tokens = new Map<string, IssuedToken>();
  /** `clientId jti` → the assertion's `exp` (ms): a jti needs remembering only while it could verify. */
  readonly #usedJtis = new Map<string, number>();
  readonly #nonces = new DpopNonces();
  readonly #usedProofs = new ProofReplayCache();

  constructor(private readonly now: () => Date) {}

  /** Adds the app, or replaces its keys and scopes (key rotation, scope changes). */
  register(app: ServiceApp): void {
    if (app.publicJwks.length === 0) throw new Error(`service app ${app.clientId}: at least one public key is needed`);
    if (app.publicJwks.some((k) => k.d !== undefined))
      throw new Error(`service app ${app.clientId}: register the public key, not the private one`);
    this.#apps.set(app.clientId, {
      clientId: app.clientId,
      publicJwks: app.publicJwks.map((k) => ({ ...k })),
      scopes: [...app.scopes],
      requireDpop: app.requireDpop ?? false,
    });
  }

  /**
   * The token endpoint's logic, on an already parsed form body and the request's `DPoP` header.
   * DPoP is checked once the client is known (its option decides) and before its assertion's
   * `jti` is spent, so a client answering a nonce challenge may sign its assertion again or not.
   */
  async requestToken(form: unknown, tokenUrl: string, dpopHeader?: string | string[]): Promise<TokenResponse> {
    const parsed = TokenForm.safeParse(form);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw oauthErrors.invalidRequest(
        `The request is malformed: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'no parameters'}.`,
      );
    }
    const f = parsed.data;
    if (f.grant_type !== 'client_credentials') throw oauthErrors.unsupportedGrantType();
    if (f.client_assertion_type !== ASSERTION_TYPE || !f.client_assertion)
      throw oauthErrors.invalidClient(
        'Client authentication failed. A private_key_jwt client assertion is required for service apps.',
      );

    const now = this.now();
    const claims = await verifyClientAssertion(f.client_assertion, {
      findApp: (id) => this.#apps.get(id),
      tokenUrl,
      now,
    });
    if (f.client_id !== undefined && f.client_id !== claims.clientId)
      throw oauthErrors.invalidClient("The client_id parameter does not match the client_assertion's issuer.");
    const jkt = this.#apps.get(claims.clientId)?.requireDpop
      ? await this.#tokenRequestProof(dpopHeader, tokenUrl, now)
      : undefined;
    if (!this.#consumeJti(claims.clientId, claims.jti, claims.exp * 1000, now.getTime()))
      throw oauthErrors.invalidClient('The client_assertion token has already been used.');

    const requested = (f.scope ?? '').split(' ').filter((s) => s !== '');
    if (requested.length === 0)
      throw oauthErrors.invalidScope(
        "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      );
    const granted = this.#apps.get(claims.clientId)?.scopes ?? [];
    const missing = requested.filter((s) => !granted.includes(s));
    if (missing.length > 0)
      throw oauthErrors.invalidScope(`The following scopes were requested, but not granted: ${missing.join(', ')}.`);

    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(token, {
      clientId: claims.clientId,
      scopes: requested,
      expiresAtMs: now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000,
      ...(jkt === undefined ? {} : { jkt }),
    });
    return {
      token_type: jkt === undefined ? 'Bearer' : 'DPoP',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      access_token: token,
      scope: requested.join(' '),
    };
  }

  /** The client and scopes behind a live access token; undefined for an unknown or expired one. */
  authenticate(token: string): TokenGrant | undefined {
    const issued = this.#tokens.get(token);
    if (!issued) return undefined;
    if (this.now().getTime() >= issued.expiresAtMs) {
      this.#tokens.delete(token);
      return undefined;
    }
    return {
      clientId: issued.clientId,
      scopes: issued.scopes,
      ...(issued.jkt === undefined ? {} : { jkt: issued.jkt }),
    };
  }

  /**
   * The proof sent with a DPoP-bound token to the Management API (`htu` = the API URL without
   * query): valid, signed by the key the token is bound to, `ath` = the token's hash, `jti` unused.
   * No nonce: Okta's resource servers do not ask for one, and the SDK sends none on API calls.
   */
  async verifyResourceProof(
    header: string | string[] | undefined,
    request: { htm: string; htu: string; accessToken: string; jkt: string },
  ): Promise<void> {
    const now = this.now();
    const proof = await verifyDpopProof(header, {
      htm: request.htm,
      htu: request.htu,
      now,
      accessToken: request.accessToken,
    });
    if (proof.jkt !== request.jkt)
      throw new DpopProofError("The DPoP proof JWT's key does not match the key the access token is bound to.");
    if (!this.#usedProofs.consume(proof, now))
      throw new DpopProofError("'jti' claim in the DPoP proof JWT is invalid.");
  }

  /**
   * Ends every token issued to the client, as the hour passing would: tests cannot wait an hour,
   * and moving the simulator's clock would also expire the client's fresh five-minute assertions.
   */
  expireTokens(clientId: string): void {
    for (const [token, issued] of this.#tokens) if (issued.clientId === clientId) this.#tokens.delete(token);
  }

  /** The key thumbprint a token request's proof binds the token to, or the refusal. */
  async #tokenRequestProof(header: string | string[] | undefined, tokenUrl: string, now: Date): Promise<string> {
    let proof: Awaited<ReturnType<typeof verifyDpopProof>>;
    try {
      proof = await verifyDpopProof(header, { htm: 'POST', htu: tokenUrl, now });
    } catch (err) {
      if (err instanceof DpopProofError) throw oauthErrors.invalidDpopProof(err.description);
      throw err;
    }
    if (!this.#nonces.isValid(proof.nonce, now)) throw oauthErrors.dpopNonceChallenge(this.#nonces.issue(now));
    if (!this.#usedProofs.consume(proof, now))
      throw oauthErrors.invalidDpopProof("'jti' claim in the DPoP proof JWT is invalid.");
    return proof.jkt;
  }

  #consumeJti(clientId: string, jti: string, expMs: number, nowMs: number): boolean {
    for (const [key, until] of this.#usedJtis) if (until <= nowMs) this.#usedJtis.delete(key);
    const key = `${clientId} ${jti}`;
    if (this.#usedJtis.has(key)) return false;
    this.#usedJtis.set(key, expMs);
    return true;
  }
}

/**
 * `POST /oauth2/v1/token` on the org. Outside the Management API gate: Okta counts token requests
 * in their own rate-limit bucket, and the request log must never see the client assertion.
 */
export function registerServiceAppTokenEndpoint(
  app: FastifyInstance,
  registry: ServiceApps,
  baseUrl: () => string,
): void {
  app.register(async (oauth) => {
    oauth.setErrorHandler((err, req, reply) => {
      const refusal =
        err instanceof OAuthError
          ? err
          : typeof (err as { statusCode?: unknown }).statusCode === 'number' &&
              (err as { statusCode: number }).statusCode < 500
            ? oauthErrors.invalidRequest('The request body is not a valid form.')
            : undefined;
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      if (refusal)
        return reply.code(refusal.status).headers(refusal.headers).type('application/json').send(refusal.body());
      req.log.error({ err }, 'unexpected error in the simulated org token endpoint');
      return reply.code(500).send({ error: 'server_error', error_description: 'Internal Server Error' });
    });

    oauth.post(TOKEN_PATH, async (req, reply) => {
      // Okta reads only form bodies here; a JSON body with the same fields is not a token request.
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        throw oauthErrors.invalidRequest('The request must be sent as application/x-www-form-urlencoded.');
      const answer = await registry.requestToken(req.body, `${baseUrl()}${TOKEN_PATH}`, req.headers.dpop);
      return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(answer);
    });
  });
}

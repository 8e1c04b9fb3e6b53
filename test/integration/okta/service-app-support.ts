/**
 * What the service-app tests share: the app's key pair, its `private_key_jwt` client assertion, a
 * raw token request to the simulator's org authorization server, and the sync server's SDK-backed
 * client signed in as that app (its token requests' statuses recorded for assertions), and the
 * round trip both auth schemes are tested with.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { LoggedRequest } from '../../../okta-sim/api/request-log';
import { type AppRead, createOktaApps, type OktaApps, type OktaAuth } from '../../../sync-server/okta/okta-client';
import { RateGovernor } from '../../../sync-server/okta/rate-governor';

export const TOKEN_PATH = '/oauth2/v1/token';

export interface Keys {
  publicJwk: JWK;
  privateJwk: JWK;
  privateKey: CryptoKey;
}

export async function keyPair(kid: string): Promise<Keys> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    publicJwk: { ...(await exportJWK(publicKey)), kid },
    privateJwk: { ...(await exportJWK(privateKey)), kid },
    privateKey,
  };
}

/** The JWT a service app signs to authenticate at `{org}/oauth2/v1/token` (RFC 7523). */
export function clientAssertion(o: { orgUrl: string; clientId: string; kid: string; key: Keys; jti?: string }) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: o.kid })
    .setIssuer(o.clientId)
    .setSubject(o.clientId)
    .setAudience(`${o.orgUrl}${TOKEN_PATH}`)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(o.jti ?? randomUUID())
    .sign(o.key.privateKey);
}

export function tokenRequest(
  orgUrl: string,
  o: { clientAssertion: string; scope?: string; dpop?: string },
): Promise<Response> {
  return fetch(`${orgUrl}${TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(o.dpop ? { DPoP: o.dpop } : {}) },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: o.scope ?? 'okta.apps.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: o.clientAssertion,
    }),
  });
}

export function serviceAppClient(o: {
  orgUrl: string;
  clientId: string;
  keyId: string;
  key: Keys;
  /** Receives the status of every token request the SDK makes. */
  tokenAnswers: (number | string)[];
  auth?: Partial<Extract<OktaAuth, { kind: 'privateKey' }>>;
}): OktaApps {
  return createOktaApps({
    orgUrl: o.orgUrl,
    auth: {
      kind: 'privateKey',
      clientId: o.clientId,
      privateKey: JSON.stringify(o.key.privateJwk),
      keyId: o.keyId,
      ...o.auth,
    },
    governor: new RateGovernor({ maxConcurrency: 8 }),
    onAttempt: (e) => {
      if (e.path === TOKEN_PATH) o.tokenAnswers.push(e.status);
    },
  });
}

/** What the reconciler does to a new account, through `okta`: create its app, assign a user, read both back. */
export async function appRoundTrip(
  okta: OktaApps,
  o: { label: string; url: string; userId: string },
): Promise<{ appId: string; app: AppRead | null; assignees: string[] }> {
  const appId = await okta.createBookmarkApp(o.label, o.url);
  await okta.assignUser(appId, o.userId);
  return { appId, app: await okta.getApp(appId), assignees: await okta.listAssignees(appId) };
}

/** The Management API calls `appRoundTrip` makes, as `callLines` writes them. */
export function roundTripCalls(appId: string): string[] {
  return [
    'POST /api/v1/apps 200',
    `POST /api/v1/apps/${appId}/users 200`,
    `GET /api/v1/apps/${appId} 200`,
    `GET /api/v1/apps/${appId}/users 200`,
  ];
}

/** The simulator's request log as `METHOD path status` lines. */
export function callLines(logged: readonly LoggedRequest[]): string[] {
  return logged.map((r) => `${r.method} ${r.path} ${r.status}`);
}

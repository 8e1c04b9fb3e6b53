/**
 * Discovery of the Okta authorization server as a public native client (RFC 8252 §8.4:
 * no client secret; PKCE stands in for it). Plain http is allowed only to loopback issuers
 * — the simulator — and refused for anything else before a byte is sent.
 */
import * as oidc from 'openid-client';
import { checkTransport, type SessionConfig } from './session-config';

export type DiscoveryResult =
  | { readonly ok: true; readonly oidc: oidc.Configuration }
  | { readonly ok: false; readonly code: 'insecure_url'; readonly reason: string };

export async function discoverIssuer(
  config: Pick<SessionConfig, 'issuer' | 'clientId'>,
  fetchImpl?: typeof fetch,
): Promise<DiscoveryResult> {
  const transport = checkTransport(config.issuer);
  if (!transport.ok) return transport;
  const execute = transport.insecureLoopback ? [oidc.allowInsecureRequests] : [];
  const options: oidc.DiscoveryRequestOptions = { execute, timeout: 15 };
  if (fetchImpl) options[oidc.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
  const configuration = await oidc.discovery(
    new URL(config.issuer),
    config.clientId,
    { token_endpoint_auth_method: 'none' },
    oidc.None(),
    options,
  );
  return { ok: true, oidc: configuration };
}

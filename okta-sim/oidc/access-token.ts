import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Directory } from '../state/directory';
import { accessTokenExtraClaims, SUPPORTED_SCOPES } from './claims';
import type { SigningKey } from './keys';

export class UnknownUserError extends Error {
  readonly code = 'UNKNOWN_USER';
  constructor(readonly userId: string) {
    super(`no simulated user with id ${userId}`);
    this.name = 'UnknownUserError';
  }
}

/**
 * Mint an access token with the same key, header and claims the token endpoint uses, so tests and
 * benchmarks can call the sync server without driving a browser. `expiresInSeconds` may be
 * negative to produce an already-expired token.
 */
export async function mintAccessToken(input: {
  directory: Directory;
  key: SigningKey;
  issuer: string;
  clientId: string;
  userId: string;
  audience: string;
  expiresInSeconds: number;
  now: () => Date;
}): Promise<string> {
  const user = input.directory.users.get(input.userId);
  if (!user) throw new UnknownUserError(input.userId);
  const iat = Math.floor(input.now().getTime() / 1000);
  const scopes = [...SUPPORTED_SCOPES];
  return new SignJWT({
    ...accessTokenExtraClaims(user, input.clientId, scopes),
    scope: scopes.join(' '),
    client_id: input.clientId,
  })
    .setProtectedHeader({ alg: 'RS256', kid: input.key.kid, typ: 'at+jwt' })
    .setIssuer(input.issuer)
    .setSubject(user.id)
    .setAudience(input.audience)
    .setJti(randomBytes(16).toString('base64url'))
    .setIssuedAt(iat)
    .setExpirationTime(iat + input.expiresInSeconds)
    .sign(input.key.privateKey);
}

/**
 * An unauthenticated caller (no token, or a token signed by a key of their own) sends bodies
 * the server would have to parse — malformed JSON, or as large as the server accepts and more —
 * to make it work before it knows who is asking. Every such request gets 401 before the body
 * is read.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OKTA_IDS, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { BODY_LIMIT_BYTES } from '../../sync-server/config';

let world: SyncWorld;
let forged: string;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = (await exportJWK(publicKey)).n?.slice(0, 16) ?? 'forged';
  forged = await new SignJWT({ uid: OKTA_IDS.ada, cid: world.sim.clientId, scp: ['openid'] })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(world.sim.issuer)
    .setAudience(world.sim.audience)
    .setSubject(OKTA_IDS.ada)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(privateKey);
});
afterAll(async () => {
  await world?.close();
});

const ROUTES: [string, string][] = [
  ['POST', '/api/v1/replication/accounts/push'],
  ['POST', '/api/v1/launch/acct-shared/authorize'],
  ['PUT', '/api/v1/workspace/extended-access'],
  ['POST', '/api/v1/scim-token'],
  ['POST', '/api/v1/users/user-cy/unlink-okta'],
  ['PUT', '/api/v1/me/all-access'],
  ['POST', '/api/v1/accounts/acct-shared/owner'],
];

async function send(method: string, path: string, body: string, token?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${world.server.url}${path}`, { method, headers, body });
  await res.arrayBuffer();
  return res.status;
}

describe('an unauthenticated caller cannot make the server read a body', () => {
  it('answers 401, not 400, to malformed JSON without a token or with a forged one', async () => {
    for (const [method, path] of ROUTES) {
      expect(await send(method, path, '{"not json')).toBe(401);
      expect(await send(method, path, '{"not json', forged)).toBe(401);
    }
  });

  it('answers 401, not 413, to a body over the limit without a token or with a forged one', async () => {
    const huge = `[${'"x",'.repeat(BODY_LIMIT_BYTES / 4)}"x"]`;
    expect(huge.length).toBeGreaterThan(BODY_LIMIT_BYTES);
    expect(await send('POST', '/api/v1/replication/accounts/push', huge)).toBe(401);
    expect(await send('POST', '/api/v1/replication/accounts/push', huge, forged)).toBe(401);
  });

  it('still reads the body of a signed-in member: their malformed JSON is a 400', async () => {
    expect(await send('POST', '/api/v1/replication/accounts/push', '{"not json', await world.token('ada'))).toBe(400);
  });
});

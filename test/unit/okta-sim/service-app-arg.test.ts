/** `npm run okta-sim -- --service-app CLIENT_ID=PUBLIC_KEY_FILE`: the key forms Okta accepts. */
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseServiceAppArg } from '../../../okta-sim/service-app-arg';

const files = (entries: Record<string, string>) => async (file: string) => {
  const text = entries[file];
  if (text === undefined) throw new Error(`ENOENT: ${file}`);
  return text;
};

describe('--service-app', () => {
  it('registers a public key given as PEM, JWK or JWK Set, with the scopes Latchkey needs by default', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1' };
    const read = files({
      'key.pem': await exportSPKI(publicKey),
      'key.json': JSON.stringify(jwk),
      'keys.json': JSON.stringify({ keys: [jwk, { ...jwk, kid: 'k2' }] }),
    });
    const fromPem = await parseServiceAppArg('svc=key.pem', read);
    // As in Okta since 2024, a new service app requires DPoP unless told otherwise.
    expect(fromPem).toMatchObject({
      clientId: 'svc',
      scopes: ['okta.apps.read', 'okta.apps.manage'],
      requireDpop: true,
    });
    expect((await parseServiceAppArg('svc=key.pem', read, ['okta.apps.read'], false)).requireDpop).toBe(false);
    expect(fromPem.publicJwks).toEqual([{ kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256' }]);
    expect((await parseServiceAppArg('svc=key.json', read)).publicJwks).toEqual([jwk]);
    expect((await parseServiceAppArg('svc=keys.json', read, ['okta.apps.read'])).publicJwks.map((k) => k.kid)).toEqual([
      'k1',
      'k2',
    ]);
  });

  it('says what it expected for a malformed argument or key file', async () => {
    const read = files({ 'junk.txt': 'not a key', 'nokty.json': '{"n":"x"}' });
    await expect(parseServiceAppArg('svc', read)).rejects.toThrow('CLIENT_ID=PUBLIC_KEY_FILE');
    await expect(parseServiceAppArg('=key.pem', read)).rejects.toThrow('CLIENT_ID=PUBLIC_KEY_FILE');
    await expect(parseServiceAppArg('svc=junk.txt', read)).rejects.toThrow(
      'expected a JWK, a JWK Set or a PEM PUBLIC KEY',
    );
    await expect(parseServiceAppArg('svc=nokty.json', read)).rejects.toThrow('"kty"');
  });
});

/**
 * `--service-app CLIENT_ID=PUBLIC_KEY_FILE` for the simulator's CLI: registers an API service app
 * (private_key_jwt) as an admin would in Okta's Admin Console, so `npm run server -- --okta-client-id …
 * --okta-private-key-file …` can be tried against `npm run okta-sim`. The file holds the app's public
 * key as a JWK, a JWK Set (`{"keys": […]}`) or a PEM `PUBLIC KEY` (SPKI), the forms Okta accepts.
 */
import { exportJWK, importSPKI, type JWK } from 'jose';
import type { ServiceApp } from './api/service-apps';

/** What Latchkey's sync server asks for (sync-server/okta/okta-client.ts). */
export const DEFAULT_SERVICE_APP_SCOPES = ['okta.apps.read', 'okta.apps.manage'];

async function publicJwksOf(text: string, file: string): Promise<JWK[]> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
    for (const alg of ['RS256', 'ES256', 'ES384', 'ES512']) {
      const key = await importSPKI(trimmed, alg, { extractable: true }).catch(() => null);
      if (key) return [{ ...(await exportJWK(key)), alg }];
    }
    throw new Error(`${file}: not an RSA or EC public key`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error(`${file}: expected a JWK, a JWK Set or a PEM PUBLIC KEY`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  const list = Array.isArray(keys) ? keys : [parsed];
  if (!list.every((k): k is JWK => typeof k === 'object' && k !== null && typeof (k as JWK).kty === 'string')) {
    throw new Error(`${file}: every key needs a "kty"`);
  }
  return list;
}

/**
 * `requireDpop` defaults to on, as for API service apps created in Okta's Admin Console since
 * 2024 ("Require Demonstrating Proof of Possession (DPoP) header in token requests").
 */
export async function parseServiceAppArg(
  arg: string,
  readText: (file: string) => Promise<string>,
  scopes: readonly string[] = DEFAULT_SERVICE_APP_SCOPES,
  requireDpop = true,
): Promise<ServiceApp> {
  const at = arg.indexOf('=');
  const clientId = at > 0 ? arg.slice(0, at) : '';
  const file = at > 0 ? arg.slice(at + 1) : '';
  if (!clientId || !file) throw new Error(`--service-app wants CLIENT_ID=PUBLIC_KEY_FILE, got ${JSON.stringify(arg)}`);
  return { clientId, publicJwks: await publicJwksOf(await readText(file), file), scopes: [...scopes], requireDpop };
}

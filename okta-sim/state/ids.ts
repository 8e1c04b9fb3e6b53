import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Okta object ids are 20 characters: a 3-character type prefix (`00u` users, `00g` groups,
 * `0oa` apps, `oae` error ids) followed by 17 base-62 characters.
 */
export type OktaIdPrefix = '00u' | '00g' | '0oa' | 'oae' | 'oty' | 'tsk';

export function oktaId(prefix: OktaIdPrefix): string {
  const bytes = randomBytes(17);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

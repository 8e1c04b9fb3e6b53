/**
 * The SCIM bearer token Okta presents (RFC 6750). Only its SHA-256 digest is stored: the token
 * is 256 random bits, so a fast hash is enough to make the stored value useless to a reader of
 * the database, and the digest comparison runs in constant time so response timing reveals
 * nothing about it. The plain token exists once, in the response to whoever rotated it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../store/db';

/** NOTIFY channel telling every server process on the database to forget its cached digest. */
export const TOKEN_CHANNEL = 'latchkey_scim_token';

const PREFIX = 'lks_scim_';

export function generateScimToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function digestToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with a stored digest. */
export function tokenMatches(presented: string, storedDigest: string): boolean {
  const a = Buffer.from(digestToken(presented), 'hex');
  const b = Buffer.from(storedDigest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function readTokenDigest(db: Queryable): Promise<string | null> {
  const rows = await db.query<{ token_sha256: string }>('select token_sha256 from scim_token where id = 1');
  return rows[0]?.token_sha256 ?? null;
}

/** Replaces any previous token; returns the new plain token, which is not kept anywhere. */
export async function rotateScimToken(db: Queryable, createdBy: string): Promise<{ token: string; createdAt: string }> {
  const token = generateScimToken();
  const rows = await db.query<{ created_at: string }>(
    `with saved as (
       insert into scim_token (id, token_sha256, created_by) values (1, $1, $2)
       on conflict (id) do update set token_sha256 = excluded.token_sha256, created_by = excluded.created_by, created_at = now()
       returning created_at)
     select created_at, pg_notify('${TOKEN_CHANNEL}', 'rotated') from saved`,
    [digestToken(token), createdBy],
  );
  forgetCachedDigests(db);
  return { token, createdAt: rows[0]?.created_at ?? new Date().toISOString() };
}

/** Returns whether a token existed. Afterwards every SCIM request gets 401 until a rotation. */
export async function revokeScimToken(db: Queryable): Promise<boolean> {
  const rows = await db.query(
    `with gone as (delete from scim_token where id = 1 returning id) select id, pg_notify('${TOKEN_CHANNEL}', 'revoked') from gone`,
  );
  forgetCachedDigests(db);
  return rows.length > 0;
}

const verifiersByDb = new WeakMap<object, Set<() => void>>();

function forgetCachedDigests(db: Queryable): void {
  for (const forget of verifiersByDb.get(db) ?? []) forget();
}

export interface TokenVerifier {
  verify(presented: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Caches the stored digest so a SCIM request costs no token query. The cache is dropped at once
 * by a rotation or revocation in this process, and by its NOTIFY (delivered on commit) in every
 * other process; a presented token that does not match the cache is checked against the
 * database before it is refused, so a freshly rotated token works immediately everywhere.
 */
export async function tokenVerifier(db: Db): Promise<TokenVerifier> {
  let cached: Promise<string | null> | null = null;
  const forget = () => {
    cached = null;
  };
  const local = verifiersByDb.get(db) ?? new Set();
  verifiersByDb.set(db, local);
  local.add(forget);
  // A rotation elsewhere while the connection was down went unheard: read the digest afresh.
  const unlisten = await db.listen(TOKEN_CHANNEL, forget, { onUp: forget });
  const digest = (fresh: boolean) => {
    if (fresh || cached === null) {
      cached = readTokenDigest(db);
      cached.catch(forget);
    }
    return cached;
  };
  return {
    async verify(presented) {
      const known = await digest(false);
      if (known !== null && tokenMatches(presented, known)) return true;
      const current = await digest(true);
      return current !== null && tokenMatches(presented, current);
    },
    async close() {
      local.delete(forget);
      await unlisten();
    },
  };
}

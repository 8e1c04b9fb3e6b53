/**
 * The SCIM bearer token Okta presents (RFC 6750). Only its SHA-256 digest is stored: the token
 * is 256 random bits, so a fast hash is enough to make the stored value useless to a reader of
 * the database, and the digest comparison runs in constant time so response timing reveals
 * nothing about it. The plain token exists once, in the response to whoever rotated it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../store/db';

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
    `insert into scim_token (id, token_sha256, created_by) values (1, $1, $2)
     on conflict (id) do update set token_sha256 = excluded.token_sha256, created_by = excluded.created_by, created_at = now()
     returning created_at`,
    [digestToken(token), createdBy],
  );
  return { token, createdAt: rows[0]?.created_at ?? new Date().toISOString() };
}

/** Returns whether a token existed. Afterwards every SCIM request gets 401 until a rotation. */
export async function revokeScimToken(db: Queryable): Promise<boolean> {
  const rows = await db.query('delete from scim_token where id = 1 returning id');
  return rows.length > 0;
}

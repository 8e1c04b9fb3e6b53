/**
 * One-time launch nonces (migration 0301). The chiclet page mints one for the account in its URL;
 * the desktop presents it with the launch authorisation, which consumes it. A launch that shows a
 * nonce this server issued, for this account, in the last two minutes, not used before, came
 * through an Okta chiclet (or at least through this page): the desktop fills it without asking.
 * Anything else — a `latchkey://` link a web page or a local program made up — asks the user.
 *
 * What it does not prove: the page is public (Okta opens it with no token), so whoever knows an
 * account id can fetch a nonce for it. The nonce only stops links that never passed through the
 * server; the origin check of the autofill engine is what keeps credentials on their own site.
 *
 * Only a SHA-256 of the nonce is stored, so the table is no list of usable nonces.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db';

export const LAUNCH_NONCE_TTL_SECONDS = 120;

const hash = (nonce: string) => createHash('sha256').update(nonce).digest('base64url');

export async function mintLaunchNonce(q: Queryable, accountId: string): Promise<string> {
  const nonce = randomBytes(32).toString('base64url');
  // The page is public: each visit clears the expired rows, so the table holds at most two
  // minutes of visits.
  await q.query('delete from launch_nonces where expires_at < now()');
  await q.query(
    `insert into launch_nonces (nonce_hash, account_id, expires_at)
     values ($1, $2, now() + make_interval(secs => $3))`,
    [hash(nonce), accountId, LAUNCH_NONCE_TTL_SECONDS],
  );
  return nonce;
}

/** True once for a live nonce minted for `accountId`; it is gone afterwards, whatever the answer. */
export async function consumeLaunchNonce(q: Queryable, accountId: string, nonce: string): Promise<boolean> {
  const rows = await q.query<{ account_id: string; live: boolean }>(
    'delete from launch_nonces where nonce_hash = $1 returning account_id, expires_at > now() as live',
    [hash(nonce)],
  );
  const row = rows[0];
  return row?.live === true && row.account_id === accountId;
}

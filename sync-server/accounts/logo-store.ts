/**
 * `account_logos` (migration 0010): one re-encoded logo per account, beside the records rather
 * than inside them (the records travel in every pull; a logo is fetched once per version). An
 * account's logo is removed with the account, by a records change hook in the same transaction.
 */
import type { LogoMediaType } from '../../domain/account-logo';
import type { Queryable } from '../store/db';
import type { RecordsRepo } from '../store/records-repo';
import type { CleanLogo } from './logo-image';

export interface StoredLogo {
  accountId: string;
  mediaType: LogoMediaType;
  bytes: Buffer;
  digest: string;
}

interface Row {
  account_id: string;
  media_type: LogoMediaType;
  bytes: Uint8Array;
  digest: string;
}

export async function writeLogo(tx: Queryable, accountId: string, logo: CleanLogo, by: string): Promise<void> {
  await tx.query(
    `insert into account_logos (account_id, media_type, bytes, digest, updated_at, updated_by)
     values ($1, $2, $3, $4, now(), $5)
     on conflict (account_id) do update
       set media_type = excluded.media_type, bytes = excluded.bytes, digest = excluded.digest,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [accountId, logo.mediaType, logo.bytes, logo.digest, by],
  );
}

export async function readLogo(q: Queryable, accountId: string): Promise<StoredLogo | null> {
  const [row] = await q.query<Row>(
    'select account_id, media_type, bytes, digest from account_logos where account_id = $1',
    [accountId],
  );
  return row === undefined
    ? null
    : { accountId: row.account_id, mediaType: row.media_type, bytes: Buffer.from(row.bytes), digest: row.digest };
}

/** The digest of an account's logo, or null without one (the reconciler's cheap check). */
export async function logoDigest(q: Queryable, accountId: string): Promise<string | null> {
  const [row] = await q.query<{ digest: string }>('select digest from account_logos where account_id = $1', [
    accountId,
  ]);
  return row?.digest ?? null;
}

export async function logoDigests(q: Queryable, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await q.query<{ account_id: string; digest: string }>(
    'select account_id, digest from account_logos where account_id = any($1::text[])',
    [[...accountIds]],
  );
  return new Map(rows.map((r) => [r.account_id, r.digest]));
}

export async function deleteLogo(tx: Queryable, accountId: string): Promise<boolean> {
  const rows = await tx.query<{ account_id: string }>(
    'delete from account_logos where account_id = $1 returning account_id',
    [accountId],
  );
  return rows.length > 0;
}

/** A deleted account's logo goes with it (same transaction). */
export function registerLogoCleanup(repo: RecordsRepo): () => void {
  return repo.onChange(async (tx, change) => {
    if (change.collection === 'accounts' && change.after === null && change.before !== null) {
      await deleteLogo(tx, change.before.id);
    }
  });
}

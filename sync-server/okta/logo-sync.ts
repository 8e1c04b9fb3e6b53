/**
 * The chiclet's icon: an account's logo (accounts/logo-store.ts) uploaded to its Okta app, only
 * when it changed. `okta_app_logos` (migration 0202) records the app and the digest last
 * uploaded; the upload is skipped when both match, and made again for a new app (one recreated
 * after it was deleted in Okta). An account without a logo uploads nothing and keeps Okta's
 * default icon. Okta's API cannot delete an app logo (the Apps API has only
 * `POST /api/v1/apps/{appId}/logo`), so removing a logo in Latchkey leaves the last one in Okta
 * until the app is recreated; an icon changed by an Okta admin is not seen (Okta returns a CDN
 * link, not a digest) and is replaced only by the next logo change.
 */
import { logoDigest, readLogo } from '../accounts/logo-store';
import type { Queryable } from '../store/db';
import type { OktaApps } from './okta-client';

/** Uploads the account's logo to `appId` if Okta does not have this version; true when it did. */
export async function syncLogo(db: Queryable, okta: OktaApps, accountId: string, appId: string): Promise<boolean> {
  const digest = await logoDigest(db, accountId);
  if (digest === null) return false;
  const [last] = await db.query<{ app_id: string; digest: string }>(
    'select app_id, digest from okta_app_logos where account_id = $1',
    [accountId],
  );
  if (last?.app_id === appId && last.digest === digest) return false;
  const logo = await readLogo(db, accountId);
  if (logo === null) return false;
  await okta.uploadLogo(appId, { mediaType: logo.mediaType, bytes: logo.bytes });
  await db.query(
    `insert into okta_app_logos (account_id, app_id, digest, uploaded_at) values ($1, $2, $3, now())
     on conflict (account_id) do update set app_id = excluded.app_id, digest = excluded.digest, uploaded_at = now()`,
    [accountId, appId, logo.digest],
  );
  return true;
}

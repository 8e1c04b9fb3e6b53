/**
 * The audit trail of launches (migration 0300): one row per authorisation answered, allowed or
 * refused, so an admin can see who used which shared login and who was turned away.
 */
import type { Queryable } from '../store/db';

export interface LaunchEvent {
  launchId: string;
  /** The workspace user; null when the caller is not (or no longer) a member. */
  userId: string | null;
  /** The token's Okta subject when the user could not be resolved. */
  oktaSubject: string | null;
  deviceId: string | null;
  accountId: string;
  outcome: 'allowed' | 'denied';
  /** The policy's reason code (domain/policy.ts DenyReason) or the gate's error code. */
  reason: string | null;
}

export async function recordLaunch(q: Queryable, event: LaunchEvent): Promise<void> {
  await q.query(
    `insert into launch_events (launch_id, user_id, okta_subject, device_id, account_id, outcome, reason)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [event.launchId, event.userId, event.oktaSubject, event.deviceId, event.accountId, event.outcome, event.reason],
  );
}

/**
 * Marks the caller's allowed launch `launchId` of `accountId`, authorised at most `ttlSeconds`
 * ago, as having released its secrets. True only the first time: the same launch never releases
 * them twice, another user's launch id or an old one never does.
 */
export async function releaseLaunchSecrets(
  q: Queryable,
  grant: { launchId: string; userId: string; accountId: string; ttlSeconds: number },
): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    `update launch_events set secrets_released_at = now()
      where launch_id = $1 and user_id = $2 and account_id = $3 and outcome = 'allowed'
        and secrets_released_at is null and at > now() - make_interval(secs => $4)
      returning id`,
    [grant.launchId, grant.userId, grant.accountId, grant.ttlSeconds],
  );
  return rows.length === 1;
}

export interface StoredLaunchEvent extends LaunchEvent {
  at: string;
  /** When the host fetched this launch's secrets from the server; null when it did not. */
  secretsReleasedAt: string | null;
}

export async function launchEventsFor(q: Queryable, accountId: string): Promise<StoredLaunchEvent[]> {
  const rows = await q.query<{
    at: string;
    launch_id: string;
    user_id: string | null;
    okta_subject: string | null;
    device_id: string | null;
    account_id: string;
    outcome: 'allowed' | 'denied';
    reason: string | null;
    secrets_released_at: string | null;
  }>('select * from launch_events where account_id = $1 order by id', [accountId]);
  return rows.map((r) => ({
    at: r.at,
    launchId: r.launch_id,
    userId: r.user_id,
    oktaSubject: r.okta_subject,
    deviceId: r.device_id,
    accountId: r.account_id,
    outcome: r.outcome,
    reason: r.reason,
    secretsReleasedAt: r.secrets_released_at,
  }));
}

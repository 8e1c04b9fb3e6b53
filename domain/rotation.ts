/**
 * Password rotation after a departure: when an account is marked, and what clears the mark.
 * One definition for the SCIM deprovisioning plan (which marks), the replication push (which
 * clears when the password changes) and the renderer (which shows and filters the mark).
 */
import { type Account, type Credentials, MAX_DEPARTED_USER_IDS } from './records';

/**
 * The account marked for a new password because `userId` left at `at`. An account already
 * marked keeps the time it was first marked and gains the new departed user; a cleared account
 * holds no time or ids (see `rotatedAccount`), so its mark starts afresh.
 */
export function flagForRotation(account: Account, userId: string, at: string): Account {
  const earlier = account.rotationRequired;
  const ids = [...new Set([...(earlier ? account.rotationDepartedUserIds : []), userId])];
  return {
    ...account,
    rotationRequired: true,
    rotationRequiredAt: earlier ? (account.rotationRequiredAt ?? at) : at,
    // The latest departures matter most; a workspace emptied of 1,000 people names the last ones.
    rotationDepartedUserIds: ids.slice(-MAX_DEPARTED_USER_IDS),
  };
}

/**
 * Whether this credentials write is a rotation: a new, non-empty password. A TOTP-only change
 * is not (the departed user knows the password), nor is deleting the credentials.
 */
export function isPasswordRotation(before: Credentials | null, after: Credentials | null): boolean {
  if (after === null || after.password === '') return false;
  return before === null || before.password !== after.password;
}

/** The account once its password has been changed: no longer waiting for rotation. */
export function rotatedAccount(account: Account): Account {
  return { ...account, rotationRequired: false, rotationRequiredAt: null, rotationDepartedUserIds: [] };
}

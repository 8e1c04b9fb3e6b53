/**
 * The words for an account waiting for a new password after a departure: who left (names from
 * the replica's users; someone no longer known, or erased, is "a former member") and when.
 */
import type { Account, User } from '../../../domain/records';
import { displayName } from '../../../domain/workspace-index';

const FORMER = 'a former member';

/** The departed users' names, in the order they left; unknown or erased people are counted, not named. */
export function departedNames(ids: readonly string[], users: ReadonlyMap<string, User>): string[] {
  const names: string[] = [];
  let former = 0;
  for (const id of ids) {
    const user = users.get(id);
    if (user === undefined || user.erasedAt !== null) former += 1;
    else names.push(displayName(user));
  }
  if (former === 1) names.push(FORMER);
  if (former > 1) names.push(`${former} former members`);
  return names;
}

/** "Ann", "Ann and Bob", "Ann, Bob and Cy". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The account banner, e.g. "Password rotation required: Ann Lee left the workspace on 5 December 2026. …". */
export function rotationBanner(
  account: Pick<Account, 'rotationRequiredAt' | 'rotationDepartedUserIds'>,
  users: ReadonlyMap<string, User>,
  locale?: string,
): string {
  const names = departedNames(account.rotationDepartedUserIds, users);
  const who = names.length === 0 ? 'Someone with access' : listNames(names);
  const when =
    account.rotationRequiredAt === null
      ? ''
      : ` on ${new Date(account.rotationRequiredAt).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' })}`;
  return `Password rotation required: ${who} left the workspace${when}. Change the password to clear this.`;
}

/** "1 account needs a new password", "3 accounts need a new password". */
export function rotationNotice(count: number): string {
  return count === 1 ? '1 account needs a new password' : `${count} accounts need a new password`;
}

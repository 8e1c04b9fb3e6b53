/**
 * Okta app labels for extended accounts.
 *
 * sync-and-extend-an-account-to-okta.md: accounts become Okta apps named
 * "<account name> - <app name>"; "If the account has duplicates, consecutive numbers are
 * included at the end of the name and enclosed in parentheses." We number from " (2)".
 *
 * Labels are stable: a chiclet people already know never changes name because another
 * account was extended, removed or renamed. An account keeps its current label while that
 * label still derives from its base (`base` or `base (n)`) and nobody earlier kept it too;
 * everyone else takes the lowest free number, in (extendedAt, id) order so the result does
 * not depend on input order.
 */
import type { Account } from './records';

export function baseLabel(account: Pick<Account, 'name' | 'appName'>): string {
  return `${account.name} - ${account.appName}`;
}

export interface LabelClaim {
  accountId: string;
  base: string;
  /** When the account was extended; null sorts last (not yet recorded). */
  extendedAt: string | null;
}

/** The label for every claim, unique across the set. */
export function assignLabels(
  claims: readonly LabelClaim[],
  currentLabels: ReadonlyMap<string, string>,
): Map<string, string> {
  const ordered = [...claims].sort(byExtendedAtThenId);
  const taken = new Set<string>();
  const labels = new Map<string, string>();

  for (const claim of ordered) {
    const current = currentLabels.get(claim.accountId);
    if (current !== undefined && derivesFrom(current, claim.base) && !taken.has(current)) {
      taken.add(current);
      labels.set(claim.accountId, current);
    }
  }
  for (const claim of ordered) {
    if (labels.has(claim.accountId)) continue;
    const label = lowestFree(claim.base, taken);
    taken.add(label);
    labels.set(claim.accountId, label);
  }
  return labels;
}

/** True when `label` is `base` or `base (n)` with n ≥ 2 written without leading zeros. */
export function derivesFrom(label: string, base: string): boolean {
  if (label === base) return true;
  if (!label.startsWith(`${base} (`) || !label.endsWith(')')) return false;
  const digits = label.slice(base.length + 2, -1);
  return /^[1-9][0-9]*$/.test(digits) && Number(digits) >= 2;
}

function lowestFree(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

function byExtendedAtThenId(a: LabelClaim, b: LabelClaim): number {
  const at = compareInstants(a.extendedAt, b.extendedAt);
  if (at !== 0) return at;
  return a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
}

/** ISO instants may carry different offsets, so compare as times, not strings. */
function compareInstants(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Date.parse(a) - Date.parse(b);
}

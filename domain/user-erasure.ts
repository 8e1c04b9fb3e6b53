/**
 * Permanent deletion of a deactivated user's data ("erasure"), as pure rules the server applies
 * and the app shows. The seed okta-user-provisioning-with-scim.md keeps deactivated users'
 * data "available to … admins as disabled users" and lets it be "permanently deleted" on
 * request; here an Owner makes that request in the app.
 *
 * What stays is a tombstone: the user's id (a random UUID given by the server, not personal
 * data) so shares, audit rows and rotation notes still point at one stable pseudonym, and
 * nothing else of the person — no name, no e-mail, no Okta identity.
 */
import type { User } from './records';

/** How an erased user is named wherever names are shown. */
export const ERASED_USER_NAME = 'Deleted user';

/** The reserved `.invalid` domain (RFC 2606) never delivers mail and is never a real account. */
export const ERASED_EMAIL_DOMAIN = 'erased.invalid';

export type EraseRefusal = 'user_unknown_target' | 'erase_self' | 'user_still_active';

export type EraseDecision =
  | { kind: 'erase'; user: User }
  /** Already a tombstone: nothing left to delete, and nothing is written again. */
  | { kind: 'done'; user: User }
  | { kind: 'refused'; reason: EraseRefusal; message: string };

export function isErased(user: Pick<User, 'erasedAt'>): boolean {
  return typeof user.erasedAt === 'string';
}

/**
 * Whether `actorId` may erase `target` (read inside the server's write lock). Who may erase at
 * all is the policy row `users.erase`, asked before the target is even looked up.
 */
export function decideErase(actorId: string, target: User | undefined): EraseDecision {
  if (target === undefined) {
    return { kind: 'refused', reason: 'user_unknown_target', message: 'There is no such user in this workspace.' };
  }
  if (target.id === actorId) {
    return {
      kind: 'refused',
      reason: 'erase_self',
      message: 'You cannot delete your own data. Another Owner can, once Okta has deactivated you.',
    };
  }
  if (isErased(target)) return { kind: 'done', user: target };
  if (target.active && target.removedAt === null) {
    return {
      kind: 'refused',
      reason: 'user_still_active',
      message: "Deactivate this user in Okta first. Only a deactivated user's data can be permanently deleted.",
    };
  }
  return { kind: 'erase', user: target };
}

/** The e-mail an erased user keeps: derived from the id alone, so it is stable and unique. */
export function erasedUserName(userId: string): string {
  return `${userId.toLowerCase()}@${ERASED_EMAIL_DOMAIN}`;
}

/**
 * The anonymised record. `removedAt` is set too (kept if Okta already removed the user): every
 * SCIM lookup skips removed users, so Okta's requests for the old id answer 404 and provisioning
 * the same person again creates a new user instead of finding this one.
 */
export function erasedUser(user: User, at: string): User {
  return {
    id: user.id,
    userName: erasedUserName(user.id),
    givenName: 'Deleted',
    familyName: 'user',
    role: 'user',
    manualRole: 'user',
    active: false,
    externalId: null,
    removedAt: user.removedAt ?? at,
    allAccess: false,
    erasedAt: at,
    updatedAt: at,
  };
}

/** What identifies the person in stored text: their e-mail, Okta id and names. */
export interface PersonalTerms {
  /** Replaced wherever they occur inside a string (long and distinctive). */
  contained: readonly string[];
  /** Replaced only where a whole string equals them (names are short and common words). */
  whole: readonly string[];
  /** What replaces them. */
  replacement: string;
}

export function personalTermsOf(user: User): PersonalTerms {
  const full = `${user.givenName} ${user.familyName}`.trim();
  // The id is what every kept row points at: a name that happens to equal it is not scrubbed.
  const notTheId = (t: string) => t.length > 0 && t.toLowerCase() !== user.id.toLowerCase();
  const contained = [user.userName, user.externalId ?? ''].filter((t) => t.length >= 3 && notTheId(t));
  const whole = [full, user.givenName, user.familyName].map((t) => t.trim()).filter(notTheId);
  return { contained, whole, replacement: erasedUserName(user.id) };
}

/** True when `text` names the person by one of the terms (case-insensitive). */
export function mentions(text: string, terms: PersonalTerms): boolean {
  const lower = text.toLowerCase();
  return (
    terms.contained.some((t) => lower.includes(t.toLowerCase())) ||
    terms.whole.some((t) => lower.trim() === t.toLowerCase())
  );
}

/** `text` with every mention of the person replaced by the pseudonym. */
export function scrubText(text: string, terms: PersonalTerms): string {
  if (terms.whole.some((t) => text.trim().toLowerCase() === t.toLowerCase())) return terms.replacement;
  let out = text;
  for (const term of terms.contained) {
    out = out.replace(new RegExp(escapeRegExp(term), 'gi'), terms.replacement);
  }
  return out;
}

/**
 * A JSON value (an audit row's detail) with every string that names the person scrubbed, keys
 * included; numbers, booleans and the shape stay as they were.
 */
export function scrubJson(value: unknown, terms: PersonalTerms): unknown {
  if (typeof value === 'string') return mentions(value, terms) ? scrubText(value, terms) : value;
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, terms));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const k = mentions(key, terms) ? scrubText(key, terms) : key;
      Object.defineProperty(out, k, {
        value: scrubJson(v, terms),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

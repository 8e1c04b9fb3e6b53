/**
 * Which replicated user is the signed-in person. Only the server can say: it maps the access
 * token's subject to a user (`GET /api/v1/me`, domain/wire/me.ts), while the Okta ids a replica
 * could match with are redacted below Admin. Matching the session's e-mail against user names is
 * the fallback for an offline first start only — the server's answer, once given, is the truth.
 */
import type { LatchkeyApi } from '../../../domain/ipc-contract';
import type { User } from '../../../domain/records';
import { api as routes } from '../../../domain/wire/api';
import type { Me } from '../../../domain/wire/me';
import { callApi } from '../screens/call-api';

/**
 * `me`: the server named the user. `refused`: it answered, but with no user (not provisioned,
 * deactivated), so nobody is "me". `unknown`: no answer yet (offline, the server busy or failing).
 */
export type WhoAmI = { kind: 'me'; me: Me } | { kind: 'refused' } | { kind: 'unknown' };

export async function whoAmI(api: LatchkeyApi): Promise<WhoAmI> {
  const outcome = await callApi(api, routes.me);
  if (outcome.ok) return outcome.status === 200 ? { kind: 'me', me: outcome.body } : { kind: 'unknown' };
  return outcome.status === 401 || outcome.status === 403 ? { kind: 'refused' } : { kind: 'unknown' };
}

export interface MeResolver {
  /**
   * Asks the server unless it has answered already; while a question is in flight, the same one.
   * Settles when that question has (never rejects).
   */
  ask(): Promise<void>;
}

/**
 * Asks until the server has answered once: call `ask` at start and whenever the connection comes
 * back. `onAnswer` runs at most once, with the server's answer.
 */
export function createMeResolver(
  api: LatchkeyApi,
  onAnswer: (answer: Exclude<WhoAmI, { kind: 'unknown' }>) => void,
): MeResolver {
  let answered = false;
  let asking: Promise<void> | null = null;
  return {
    ask() {
      if (answered) return Promise.resolve();
      asking ??= whoAmI(api)
        .then(
          (answer) => {
            if (answer.kind === 'unknown' || answered) return;
            answered = true;
            onAnswer(answer);
          },
          () => undefined,
        )
        .finally(() => {
          asking = null;
        });
      return asking;
    },
  };
}

/**
 * The signed-in user's record: by the id the server gave (this session or an earlier one on this
 * device), else — only while the server has not answered — by the session's e-mail.
 */
export function findMe(users: readonly User[], meId: string | null, fallbackEmail: string | null): User | null {
  if (meId !== null) return users.find((user) => user.id === meId) ?? null;
  if (fallbackEmail === null) return null;
  const lower = fallbackEmail.toLowerCase();
  return users.find((user) => user.userName.toLowerCase() === lower) ?? null;
}

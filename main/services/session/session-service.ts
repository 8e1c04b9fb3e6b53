/**
 * The desktop's OIDC session: sign in, silent refresh, sign out. Plain Node, no Electron, so
 * the Electron main process and the browser host share it and tests run it as is.
 *
 * Where secrets go: the refresh token to the keychain (or nowhere, when there is none), the
 * access token to memory and into Authorization headers from main. What leaves this module
 * for the renderer is `SessionStatus` — who is signed in and whether the sign-in is
 * remembered — never a token.
 *
 * Offline (the app works fully offline): when Okta cannot be reached at start-up, a remembered sign-in stays signed in
 * as the remembered profile with `connectivity: 'offline'`, and the refresh is retried until it
 * succeeds (back online) or Okta answers `invalid_grant` (signed out). See offline-standing.ts.
 *
 * Every end of a session — the user's sign-out, Okta refusing to renew it, the sync server saying
 * the person was deprovisioned (`endForDeactivation`) — goes through `end(reason)`: memory and
 * keychain are cleared first, then `onEnded` listeners wipe the rest of the device
 * (desktop-services.ts). A refresh still in flight when the session ends is discarded, so it
 * cannot write a refresh token back.
 */
import * as oidc from 'openid-client';
import type { WipeReason } from '../../../domain/ipc-contract';
import type { SecretStore } from '../secret-store/secret-store';
import { endOktaSession, type SignOutReport } from './end-okta-session';
import { type OfflineStanding, offlineStanding, type Schedule, scheduleWithTimers } from './offline-standing';
import { discoverIssuer } from './oidc-client';
import { classifyOidcError, SessionError } from './oidc-errors';
import { deleteProfile, readProfile, writeProfile } from './remembered-profile';
import { type SessionConfig, type SessionConfigInput, SessionConfig as SessionConfigSchema } from './session-config';
import type { SessionResult, SessionStatus, TokenResult } from './session-status';
import { type OpenExternal, type SignInResult, signInWithBrowser } from './sign-in-flow';
import { type Identity, identityFromClaims, needsRefresh, type TokenSet, tokenSetFrom } from './token-set';

export type { SignOutReport } from './end-okta-session';
export type { SessionResult, SessionStatus, TokenResult } from './session-status';

export interface SessionServiceDeps {
  readonly config: SessionConfigInput;
  readonly secretStore: SecretStore;
  readonly openExternal: OpenExternal;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
  /** Background retries while offline; tests pass their own clock. */
  readonly schedule?: Schedule;
  readonly random?: () => number;
}

const REFRESH_ACCOUNT = 'oidc-refresh-token';

export function createSessionService(deps: SessionServiceDeps) {
  const config: SessionConfig = SessionConfigSchema.parse(deps.config);
  const now = deps.now ?? Date.now;
  const store = deps.secretStore;
  const listeners = new Set<(status: SessionStatus) => void>();

  let tokens: TokenSet | null = null;
  let offline: OfflineStanding<TokenResult> | null = null;
  let restoring = false;
  let discovered: oidc.Configuration | null = null;
  let refreshing: Promise<TokenResult> | null = null;
  let signingIn: Promise<SessionResult<SessionStatus, SignInFailureCode>> | null = null;
  let cancelSignIn: (() => void) | null = null;
  let signedOutBecause: WipeReason | null = null;
  /** Bumped by every end: an answer to a request made before it belongs to a session that is gone. */
  let epoch = 0;
  const endedListeners = new Set<(reason: WipeReason) => Promise<void> | void>();

  const status = (): SessionStatus => ({
    signedIn: tokens !== null || offline !== null,
    user: tokens?.identity ?? offline?.identity ?? null,
    remembered: store.availability.available && ((tokens !== null && tokens.refreshToken !== null) || offline !== null),
    persistenceUnavailableReason: store.availability.available ? null : store.availability.reason,
    connectivity: offline ? 'offline' : 'online',
    restoring,
    signedOutBecause: tokens !== null || offline !== null ? null : signedOutBecause,
  });
  const emit = () => {
    const snapshot = status();
    for (const listener of listeners) listener(snapshot);
  };

  async function authorizationServer(): Promise<SessionResult<oidc.Configuration>> {
    if (discovered) return { ok: true, value: discovered };
    try {
      const result = await discoverIssuer(config, deps.fetch);
      if (!result.ok) return result;
      discovered = result.oidc;
      return { ok: true, value: discovered };
    } catch (error) {
      const failure = classifyOidcError(error);
      if (failure?.kind === 'unreachable') return { ok: false, code: 'idp_unreachable', reason: failure.reason };
      throw new SessionError('oidc_unexpected', `discovery of ${config.issuer} failed`, { cause: error });
    }
  }

  /**
   * Writes the (possibly rotated) refresh token, and the profile an offline start-up shows; a
   * missing keychain simply keeps the session in memory.
   */
  async function remember(next: TokenSet): Promise<void> {
    if (next.refreshToken === null || !store.availability.available) return;
    try {
      await store.set(REFRESH_ACCOUNT, next.refreshToken);
      await writeProfile(store, next.identity);
    } catch (cause) {
      throw new SessionError('keychain_failed', 'could not store the refresh token', { cause });
    }
  }

  async function forget(): Promise<void> {
    if (!store.availability.available) return;
    await store.delete(REFRESH_ACCOUNT);
    await deleteProfile(store);
  }

  function leaveOffline(): void {
    offline?.stop();
    offline = null;
  }

  /**
   * Ends the session on this device: nothing stays in memory, the keychain forgets the refresh
   * token and profile, then the listeners wipe what else the device holds. The state changes
   * before the first await, so concurrent callers see the session already gone.
   */
  async function end(reason: WipeReason): Promise<void> {
    tokens = null;
    leaveOffline();
    epoch += 1;
    signedOutBecause = reason;
    try {
      await forget();
    } finally {
      emit();
      // Awaited, so whoever ended the session (sign-out included) resumes with the device wiped.
      await Promise.all([...endedListeners].map(async (listener) => listener(reason)));
    }
  }

  function begin(next: TokenSet): void {
    tokens = next;
    signedOutBecause = null;
  }

  function enterOffline(refreshToken: string, identity: Identity): void {
    offline = offlineStanding(refreshToken, identity, {
      refresh: refreshOnce,
      now,
      schedule: deps.schedule ?? scheduleWithTimers,
      random: deps.random ?? Math.random,
    });
    emit();
  }

  async function refreshWith(refreshToken: string): Promise<TokenResult> {
    const startedIn = epoch;
    const ended: TokenResult = { ok: false, code: 'not_signed_in', reason: 'the session ended' };
    const server = await authorizationServer();
    if (!server.ok) return server;
    try {
      const response = await oidc.refreshTokenGrant(server.value, refreshToken);
      if (epoch !== startedIn) return ended;
      const claims = response.claims();
      const identity = claims
        ? identityFromClaims(claims)
        : (tokens?.identity ??
          offline?.identity ??
          identityFromClaims(await oidc.fetchUserInfo(server.value, response.access_token, oidc.skipSubjectCheck)));
      const next = tokenSetFrom(response, identity, now(), tokens ?? undefined);
      if (epoch !== startedIn) return ended;
      // Okta rotates refresh tokens: persist the new one before anything uses the new access token.
      await remember(next);
      begin(next);
      leaveOffline();
      emit();
      return { ok: true, value: next.accessToken };
    } catch (error) {
      const failure = classifyOidcError(error);
      if (failure?.kind === 'unreachable') return { ok: false, code: 'idp_unreachable', reason: failure.reason };
      if (failure?.kind === 'rejected') {
        if (epoch !== startedIn) return ended;
        // invalid_grant: revoked, expired, rotated away, or the Okta account deactivated. Which one
        // cannot be told apart, and none leaves a person Okta vouches for: end and wipe.
        await end('session-ended');
        return { ok: false, code: 'session_expired', reason: failure.description ?? failure.error };
      }
      if (error instanceof SessionError) throw error;
      throw new SessionError('oidc_unexpected', 'refresh failed unexpectedly', { cause: error });
    }
  }

  /** Without offline_access there is no refresh token: an expired access token ends the session. */
  async function expireWithoutRefreshToken(): Promise<TokenResult> {
    await end('session-ended');
    return { ok: false, code: 'session_expired', reason: 'the sign-in expired and cannot be renewed silently' };
  }

  /** One refresh at a time: with rotation, two concurrent refreshes would burn the token. */
  function refreshOnce(refreshToken: string): Promise<TokenResult> {
    refreshing ??= refreshWith(refreshToken).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** Refresh from the stored token; Okta out of reach (not saying no) opens the remembered user offline. */
  async function restoreFrom(
    refreshToken: string,
  ): Promise<SessionResult<SessionStatus, 'not_signed_in' | 'session_expired'>> {
    const refreshed = await refreshOnce(refreshToken);
    if (refreshed.ok) return { ok: true, value: status() };
    if (refreshed.code !== 'idp_unreachable') return refreshed;
    const identity = await readProfile(store);
    if (identity === null || tokens !== null) return refreshed;
    enterOffline(refreshToken, identity);
    return { ok: true, value: status() };
  }

  async function signIn(): Promise<SessionResult<SessionStatus, SignInFailureCode>> {
    const server = await authorizationServer();
    if (!server.ok) return server;
    const result: SignInResult = await signInWithBrowser({
      oidc: server.value,
      config,
      openExternal: deps.openExternal,
      now,
      onCancellable: (cancel) => {
        cancelSignIn = cancel;
      },
    });
    cancelSignIn = null;
    if (!result.ok) return result;
    await remember(result.tokens);
    begin(result.tokens);
    emit();
    return { ok: true, value: status() };
  }

  /**
   * Unlock by Okta: the sign-in flow again with `prompt=login` and `max_age=0`, accepted only for
   * the person already signed in, authenticated at or after `since` (the lock). Anything else
   * leaves the session as it was: the new tokens are dropped, never stored.
   */
  async function reauthenticate(since: number): Promise<SessionResult<SessionStatus, ReauthFailureCode>> {
    const identity = tokens?.identity ?? offline?.identity ?? null;
    if (identity === null) return { ok: false, code: 'not_signed_in', reason: 'nobody is signed in' };
    const server = await authorizationServer();
    if (!server.ok) return server;
    const startedIn = epoch;
    const result = await signInWithBrowser({
      oidc: server.value,
      config,
      openExternal: deps.openExternal,
      now,
      reauthenticate: true,
      onCancellable: (cancel) => {
        cancelSignIn = cancel;
      },
    });
    cancelSignIn = null;
    if (!result.ok) return result;
    if (epoch !== startedIn) return { ok: false, code: 'not_signed_in', reason: 'the session ended meanwhile' };
    if (result.tokens.identity.subject !== identity.subject) {
      const other = result.tokens.identity.email ?? 'another person';
      const self = identity.email ?? 'the person who locked it';
      return {
        ok: false,
        code: 'unlock_other_user',
        reason: `Okta signed in ${other}, but Latchkey is locked for ${self}. Sign in at Okta as ${self} to unlock.`,
      };
    }
    // auth_time is in whole seconds: a login in the lock's own second counts as after it.
    if (result.authTime === null || result.authTime < Math.floor(since / 1000)) {
      return {
        ok: false,
        code: 'unlock_not_fresh',
        reason: 'Okta did not ask for your password again, so Latchkey stays locked.',
      };
    }
    // prompt=login without consent may come without a refresh token: the stored one stays valid.
    const next: TokenSet = {
      ...result.tokens,
      refreshToken: result.tokens.refreshToken ?? tokens?.refreshToken ?? offline?.refreshToken ?? null,
    };
    await remember(next);
    begin(next);
    leaveOffline();
    emit();
    return { ok: true, value: status() };
  }

  return {
    /** The validated configuration (issuer, client, audience, sync server); holds no secret. */
    config,
    status,

    onChange(listener: (status: SessionStatus) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Told once per ended session, after memory and keychain were cleared of its tokens; awaited. */
    onEnded(listener: (reason: WipeReason) => Promise<void> | void): () => void {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },

    /**
     * The sync server answered `403 user_inactive`: the person was deprovisioned. The session ends
     * here at once; the refresh token is then revoked at Okta if it answers (RFC 7009), without
     * opening a browser — nobody asked to sign out. Later reports of the same verdict find no session.
     */
    async endForDeactivation(): Promise<void> {
      if (tokens === null && offline === null) return;
      const refreshToken = tokens?.refreshToken ?? offline?.refreshToken ?? null;
      await end('user-inactive');
      if (refreshToken === null) return;
      const server = await authorizationServer();
      if (server.ok) await endOktaSession(server.value, { refreshToken, idToken: null }, deps.openExternal);
    },

    /** Interactive sign-in in the system browser; concurrent calls share one attempt. */
    signIn(): Promise<SessionResult<SessionStatus, SignInFailureCode>> {
      signingIn ??= signIn().finally(() => {
        signingIn = null;
      });
      return signingIn;
    },

    /** Unlock by Okta re-authentication of the signed-in person (desktop-lock.ts). */
    reauthenticate(since: number): Promise<SessionResult<SessionStatus, ReauthFailureCode>> {
      return reauthenticate(since);
    },

    cancelSignIn(): void {
      cancelSignIn?.();
    },

    /** Silent sign-in at start-up from the refresh token in the keychain; no browser, no typing. */
    async restore(): Promise<SessionResult<SessionStatus, 'not_signed_in' | 'session_expired'>> {
      if (tokens) return { ok: true, value: status() };
      const stored = await store.get(REFRESH_ACCOUNT);
      if (!stored.ok || stored.value === null) {
        return { ok: false, code: 'not_signed_in', reason: stored.ok ? 'no remembered sign-in' : stored.reason };
      }
      restoring = true;
      emit();
      try {
        return await restoreFrom(stored.value);
      } finally {
        restoring = false;
        emit();
      }
    },

    /** A valid access token, refreshed silently when it is about to expire. Main-process use only. */
    async accessToken(): Promise<TokenResult> {
      if (!tokens && offline) return offline.probe();
      if (!tokens) return { ok: false, code: 'not_signed_in', reason: 'sign in first' };
      if (!needsRefresh(tokens, now())) return { ok: true, value: tokens.accessToken };
      if (tokens.refreshToken === null) return expireWithoutRefreshToken();
      return refreshOnce(tokens.refreshToken);
    },

    /** Called after a resource server answered 401 to a token we believed valid. */
    async refreshNow(rejectedAccessToken: string): Promise<TokenResult> {
      if (!tokens && offline) return offline.probe();
      if (!tokens) return { ok: false, code: 'not_signed_in', reason: 'sign in first' };
      // Someone else already refreshed past the rejected token: use theirs.
      if (tokens.accessToken !== rejectedAccessToken) return { ok: true, value: tokens.accessToken };
      if (tokens.refreshToken === null) return expireWithoutRefreshToken();
      return refreshOnce(tokens.refreshToken);
    },

    /** Ends the session here at once (keychain cleared), then at Okta when it can be reached. */
    async signOut(): Promise<SessionResult<SignOutReport>> {
      // Signed in offline: the remembered refresh token is still worth revoking if Okta answers.
      const ending = {
        refreshToken: tokens?.refreshToken ?? offline?.refreshToken ?? null,
        idToken: tokens?.idToken ?? null,
      };
      await end('signed-out');
      if (ending.refreshToken === null && ending.idToken === null) {
        return { ok: true, value: { refreshTokenRevoked: false, idpSessionEndRequested: false } };
      }
      const server = await authorizationServer();
      if (!server.ok) return server;
      return { ok: true, value: await endOktaSession(server.value, ending, deps.openExternal) };
    },
  };
}

type SignInFailureCode = Exclude<Extract<SignInResult, { ok: false }>['code'], 'idp_unreachable'>;
type ReauthFailureCode = SignInFailureCode | 'not_signed_in' | 'unlock_other_user' | 'unlock_not_fresh';
export type SessionService = ReturnType<typeof createSessionService>;

/**
 * The session's offline rules (the app works fully offline): Okta out of reach at start-up keeps a remembered user
 * signed in and retries; Okta saying `invalid_grant` (RFC 6749 §5.2) signs out. The keychain is
 * an in-memory SecretStore and Okta is a fetch at the network edge: down (the TypeError undici
 * throws for a refused connection), refusing the grant, or answering with fresh tokens.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SecretAccount, SecretStore } from '../../../../../main/services/secret-store/secret-store';
import { nextStanding } from '../../../../../main/services/session/offline-standing';
import { createSessionService, type SessionStatus } from '../../../../../main/services/session/session-service';

const ISSUER = 'http://127.0.0.1:9/oauth2/default';
const ADA = { subject: '00uada00000000000001', email: 'ada@example.com', name: 'Ada Lovelace' };

type OktaMode = 'down' | 'invalid_grant' | 'up';

function fakeOkta() {
  const state = { mode: 'down' as OktaMode, tokenRequests: 0, issued: 0 };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (state.mode === 'down') throw new TypeError('fetch failed');
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith('/.well-known/openid-configuration')) {
      return json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/v1/authorize`,
        token_endpoint: `${ISSUER}/v1/token`,
        revocation_endpoint: `${ISSUER}/v1/revoke`,
      });
    }
    if (url.pathname.endsWith('/v1/token') && init?.method === 'POST') {
      state.tokenRequests += 1;
      if (state.mode === 'invalid_grant') {
        return json({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' }, 400);
      }
      state.issued += 1;
      return json({
        access_token: `access-${state.issued}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: `refresh-${state.issued}`,
      });
    }
    return json({ error: 'not_found' }, 404);
  };
  return { state, fetch: fetchImpl as typeof fetch };
}

function memoryKeychain(): SecretStore & { entries: Map<SecretAccount, string> } {
  const entries = new Map<SecretAccount, string>();
  return {
    entries,
    availability: { available: true, backend: 'memory' },
    get: async (account) => ({ ok: true, value: entries.get(account) ?? null }),
    set: async (account, secret) => {
      entries.set(account, secret);
      return { ok: true, value: undefined };
    },
    delete: async (account) => ({ ok: true, value: entries.delete(account) }),
  };
}

/** Retries run when the test says so, not on a clock. */
function manualSchedule() {
  const queue: (() => void)[] = [];
  return {
    queue,
    schedule: (run: () => void) => {
      queue.push(run);
      return () => {
        const at = queue.indexOf(run);
        if (at >= 0) queue.splice(at, 1);
      };
    },
    runNext() {
      const run = queue.shift();
      if (!run) throw new Error('no retry was scheduled');
      run();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('session at start-up without Okta', () => {
  let okta: ReturnType<typeof fakeOkta>;
  let keychain: ReturnType<typeof memoryKeychain>;
  let timers: ReturnType<typeof manualSchedule>;
  let clock: number;
  let seen: SessionStatus[];

  const start = () => {
    const session = createSessionService({
      config: {
        issuer: ISSUER,
        clientId: 'latchkey-desktop',
        audience: 'api://latchkey',
        syncServerUrl: 'http://127.0.0.1:9',
      },
      secretStore: keychain,
      openExternal: async () => {
        throw new Error('a silent restore must never open the browser');
      },
      fetch: okta.fetch,
      now: () => clock,
      schedule: timers.schedule,
      random: () => 0.5,
    });
    session.onChange((status) => seen.push(status));
    return session;
  };

  beforeEach(() => {
    okta = fakeOkta();
    keychain = memoryKeychain();
    keychain.entries.set('oidc-refresh-token', 'refresh-0');
    keychain.entries.set('oidc-profile', JSON.stringify(ADA));
    timers = manualSchedule();
    clock = 1_000_000;
    seen = [];
  });

  it('keeps the remembered user signed in, offline, and hands out no token', async () => {
    const session = start();
    const restored = await session.restore();
    expect(restored).toEqual({ ok: true, value: expect.objectContaining({ signedIn: true, connectivity: 'offline' }) });
    expect(session.status().user).toEqual(ADA);
    expect(seen.at(-1)).toMatchObject({ signedIn: true, connectivity: 'offline', user: ADA });
    expect(await session.accessToken()).toMatchObject({ ok: false, code: 'idp_unreachable' });
    expect(keychain.entries.get('oidc-refresh-token')).toBe('refresh-0');
    expect(timers.queue).toHaveLength(1);
  });

  it('says it is restoring while it asks Okta, so the window waits instead of offering sign-in', async () => {
    const session = start();
    await session.restore();
    expect(seen.map((status) => [status.restoring, status.signedIn])).toEqual([
      [true, false],
      [true, true],
      [false, true],
    ]);
  });

  it('comes back online by itself when Okta answers again, and says so', async () => {
    const session = start();
    await session.restore();
    timers.runNext();
    await until(() => timers.queue.length === 1);
    expect(session.status().connectivity).toBe('offline');

    okta.state.mode = 'up';
    timers.runNext();
    await until(() => session.status().connectivity === 'online');
    expect(seen.at(-1)).toEqual({
      signedIn: true,
      user: ADA,
      remembered: true,
      persistenceUnavailableReason: null,
      connectivity: 'online',
      restoring: false,
      signedOutBecause: null,
    });
    expect(await session.accessToken()).toEqual({ ok: true, value: 'access-1' });
    // Rotation: the new refresh token replaced the old one before anything used the new access token.
    expect(keychain.entries.get('oidc-refresh-token')).toBe('refresh-1');
    expect(timers.queue).toHaveLength(0);
  });

  it('a caller needing a token brings the session back without waiting for the retry timer', async () => {
    const session = start();
    await session.restore();
    okta.state.mode = 'up';
    clock += 1_000;
    expect(await session.accessToken()).toEqual({ ok: true, value: 'access-1' });
    expect(session.status().connectivity).toBe('online');
    expect(timers.queue).toHaveLength(0);
  });

  it('asks Okta at most once a second however often replication needs a token', async () => {
    const session = start();
    await session.restore();
    okta.state.mode = 'invalid_grant';
    expect(await session.accessToken()).toMatchObject({ code: 'idp_unreachable' });
    expect(okta.state.tokenRequests).toBe(0);
    clock += 1_000;
    expect(await session.accessToken()).toMatchObject({ code: 'session_expired' });
    expect(okta.state.tokenRequests).toBe(1);
  });

  it('signs out when Okta comes back and refuses the grant (revoked while offline)', async () => {
    const session = start();
    await session.restore();
    okta.state.mode = 'invalid_grant';
    timers.runNext();
    await until(() => !session.status().signedIn);
    expect(seen.at(-1)).toMatchObject({ signedIn: false, user: null });
    expect(keychain.entries.has('oidc-refresh-token')).toBe(false);
    expect(keychain.entries.has('oidc-profile')).toBe(false);
    expect(timers.queue).toHaveLength(0);
  });

  it('signs out at once when Okta is reachable and refuses the grant', async () => {
    okta.state.mode = 'invalid_grant';
    const session = start();
    expect(await session.restore()).toMatchObject({ ok: false, code: 'session_expired' });
    expect(session.status()).toMatchObject({ signedIn: false, connectivity: 'online' });
    expect(keychain.entries.size).toBe(0);
    expect(timers.queue).toHaveLength(0);
  });

  it('without a remembered profile (or a tampered one) it cannot say who is signed in, so it stays signed out', async () => {
    keychain.entries.set('oidc-profile', '{"subject":"","access_token":"x"}');
    const session = start();
    expect(await session.restore()).toMatchObject({ ok: false, code: 'idp_unreachable' });
    expect(session.status().signedIn).toBe(false);
    // The refresh token is kept for the next start, when Okta may answer.
    expect(keychain.entries.get('oidc-refresh-token')).toBe('refresh-0');
  });

  it('the remembered profile holds the public claims only, never a token', async () => {
    const session = start();
    await session.restore();
    okta.state.mode = 'up';
    clock += 1_000;
    expect(await session.accessToken()).toMatchObject({ ok: true });
    // Rewritten on the refresh that brought the session back.
    const stored = JSON.parse(keychain.entries.get('oidc-profile') ?? '{}') as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['email', 'name', 'subject']);
    expect(JSON.stringify(stored)).not.toMatch(/access-|refresh-/);
  });

  it('signing out while offline forgets the sign-in and stops retrying', async () => {
    const session = start();
    await session.restore();
    const out = await session.signOut();
    expect(out).toMatchObject({ ok: false, code: 'idp_unreachable' });
    expect(session.status().signedIn).toBe(false);
    expect(keychain.entries.has('oidc-refresh-token')).toBe(false);
    expect(keychain.entries.has('oidc-profile')).toBe(false);
    expect(timers.queue).toHaveLength(0);
  });
});

describe('nextStanding', () => {
  it('only a refused grant signs out; an unreachable or broken Okta keeps the offline sign-in', () => {
    expect(nextStanding('refreshed')).toBe('online');
    expect(nextStanding('rejected')).toBe('signed-out');
    expect(nextStanding('unreachable')).toBe('offline');
    expect(nextStanding('failed')).toBe('offline');
  });
});

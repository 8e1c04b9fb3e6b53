/**
 * The launch flow's decisions with its collaborators replaced at the edges: the session, the
 * sync server's answer and the login window. (End to end with the real ones: test/e2e/launch-*.)
 */
import { describe, expect, it, vi } from 'vitest';
import type { LaunchStatus } from '../../../../../domain/launch-ipc';
import type { AutofillDriver } from '../../../../../main/services/launcher/autofill-engine';
import { createLauncher, type LauncherDeps } from '../../../../../main/services/launcher/launch-service';

const ACCOUNT = {
  id: 'acct-1',
  name: 'Contentzilla',
  appName: 'Instagram',
  loginUrl: 'https://login.example.test/',
  username: 'brand@example.test',
  loginSelectors: null,
};

function harness(
  over: {
    signedIn?: boolean;
    answer?: Awaited<ReturnType<LauncherDeps['api']>>;
    secretsAnswer?: Awaited<ReturnType<LauncherDeps['api']>>;
    signIn?: boolean;
    locked?: boolean;
    unlock?: boolean;
    pendingTtlMs?: number;
  } = {},
) {
  let signedIn = over.signedIn ?? true;
  let locked = over.locked ?? false;
  const calls: string[] = [];
  const typed: string[] = [];
  const logs: string[] = [];
  const bodies: unknown[] = [];
  /** Login windows opened and closed: the launcher never reuses one. */
  const windows = { opened: 0, closed: 0 };
  const driver: AutofillDriver = {
    open: async (url) => void calls.push(`open ${url}`),
    describe: async () => ({
      origin: 'https://login.example.test',
      fields:
        typed.length === 0
          ? [
              {
                ref: 0,
                tag: 'input',
                type: 'text',
                name: 'username',
                id: '',
                autocomplete: 'username',
                placeholder: '',
                label: '',
                inputMode: '',
                maxLength: -1,
                form: 0,
                usable: true,
                overrides: [],
              },
              {
                ref: 1,
                tag: 'input',
                type: 'password',
                name: 'password',
                id: '',
                autocomplete: '',
                placeholder: '',
                label: '',
                inputMode: '',
                maxLength: -1,
                form: 0,
                usable: true,
                overrides: [],
              },
            ]
          : [],
    }),
    fill: async (_ref, value) => {
      typed.push(value);
      return 'filled';
    },
    submit: async () => true,
    currentUrl: async () => 'https://login.example.test/home',
  };
  const launcher = createLauncher({
    session: {
      status: () => ({ signedIn }),
      signIn: async () => {
        calls.push('signIn');
        if (over.signIn === false) return { ok: false, code: 'sign_in_timeout', reason: 'no answer' };
        signedIn = true;
        return { ok: true };
      },
      locked: () => locked,
      unlock: async () => {
        calls.push('unlock');
        if (over.unlock === false) return { ok: false, code: 'unlock_other_user', reason: 'Okta signed in cy' };
        locked = false;
        return { ok: true };
      },
    },
    api: async (method, path, body) => {
      calls.push(`${method} ${path}`);
      bodies.push(body);
      return (
        over.answer ?? {
          ok: true,
          value: { status: 200, body: { decision: 'allowed', launchId: 'srv-launch-000000001', account: ACCOUNT } },
        }
      );
    },
    launchSecrets: async (accountId, launchId) => {
      calls.push(`POST /api/v1/launch/${accountId}/secrets`);
      bodies.push({ launchId });
      return (
        over.secretsAnswer ?? { ok: true, value: { status: 200, body: { password: 'srv-secret', totpSecret: null } } }
      );
    },
    openWindow: async () => {
      windows.opened += 1;
      calls.push('window opened');
      return {
        driver,
        close: async () => {
          windows.closed += 1;
        },
      };
    },
    log: (message, context) => logs.push(`${message} ${JSON.stringify(context)}`),
    ...(over.pendingTtlMs === undefined ? {} : { pendingTtlMs: over.pendingTtlMs }),
  });
  const seen: LaunchStatus[] = [];
  launcher.onStatus((s) => seen.push(s));
  return { launcher, calls, typed, seen, logs, bodies, windows };
}

const serverSecrets = (handOff: 'chiclet' | 'unverified' = 'unverified') =>
  ({
    ok: true,
    value: {
      status: 200,
      body: { decision: 'allowed', launchId: 'srv-launch-000000009', handOff, secretsFrom: 'server', account: ACCOUNT },
    },
  }) as const;

describe('launcher', () => {
  it('a Login-only user’s launch takes the secrets from the server, once, and never asks the UI for them', async () => {
    const h = harness({ answer: serverSecrets() });
    const done = await h.launcher.open('acct-1');
    expect(done).toMatchObject({ stage: 'logged-in', accountName: 'Contentzilla' });
    expect(h.calls.filter((c) => c.startsWith('POST'))).toEqual([
      'POST /api/v1/launch/acct-1/authorize',
      'POST /api/v1/launch/acct-1/secrets',
    ]);
    expect(h.bodies[1]).toEqual({ launchId: 'srv-launch-000000009' });
    expect(h.typed).toEqual(['brand@example.test', 'srv-secret']);
    expect(h.seen.map((s) => s.stage)).not.toContain('needs-credentials');
    expect(JSON.stringify([h.seen, h.logs])).not.toContain('srv-secret');
    // The UI cannot push secrets into such a launch, nor replay it.
    const late = await h.launcher.fill({ launchId: done.launchId, password: 'from-ui', totpSecret: null });
    expect(late).toMatchObject({ stage: 'failed', code: 'unknown_launch' });
  });

  it('a Login-only user’s unverified link waits for confirmation before the server is asked for secrets', async () => {
    const h = harness({ answer: serverSecrets() });
    const asked = await h.launcher.openDeepLink('latchkey://launch/acct-1');
    expect(asked).toMatchObject({ stage: 'needs-confirmation' });
    expect(h.calls).not.toContain('POST /api/v1/launch/acct-1/secrets');
    const refused = await h.launcher.fill({ launchId: asked?.launchId ?? '', password: 'x', totpSecret: null });
    expect(refused.stage).toBe('failed');

    const again = harness({ answer: serverSecrets() });
    const second = await again.launcher.openDeepLink('latchkey://launch/acct-1');
    const confirmed = await again.launcher.confirm({ launchId: second?.launchId ?? '', confirm: true });
    expect(confirmed.stage).toBe('logged-in');
    expect(again.typed).toEqual(['brand@example.test', 'srv-secret']);
  });

  it('a refused secrets request ends the launch with the server’s reason and opens no window', async () => {
    const h = harness({
      answer: serverSecrets('chiclet'),
      secretsAnswer: {
        ok: true,
        value: {
          status: 403,
          body: { error: { code: 'launch_not_waiting', message: 'No login of yours is waiting. Start again.' } },
        },
      },
    });
    const done = await h.launcher.open('acct-1');
    expect(done).toMatchObject({ stage: 'blocked', code: 'launch_not_waiting' });
    expect(h.calls.some((c) => c.startsWith('open '))).toBe(false);
  });

  it('with a session: authorises, opens a blank login window while the secrets come, then loads the page and logs in', async () => {
    const h = harness();
    const asked = await h.launcher.open('acct-1');
    expect(asked).toMatchObject({ stage: 'needs-credentials', accountName: 'Contentzilla', appName: 'Instagram' });
    // The window may already be opening, but nothing is loaded in it before the secrets arrive.
    expect(h.calls.filter((c) => c !== 'window opened')).toEqual(['POST /api/v1/launch/acct-1/authorize']);
    const done = await h.launcher.fill({ launchId: asked?.launchId ?? '', password: 'pw-secret', totpSecret: null });
    expect(done.stage).toBe('logged-in');
    expect(h.typed).toEqual(['brand@example.test', 'pw-secret']);
    expect(h.calls).toEqual([
      'POST /api/v1/launch/acct-1/authorize',
      'window opened',
      'open https://login.example.test/',
    ]);
    expect(h.windows).toEqual({ opened: 1, closed: 0 });
    expect(JSON.stringify([h.seen, h.logs])).not.toContain('pw-secret');
  });

  it('a link without the chiclet’s nonce waits for the user’s confirmation; one the server vouches for does not', async () => {
    const h = harness();
    const asked = await h.launcher.openDeepLink('latchkey://launch/acct-1');
    expect(asked).toMatchObject({ stage: 'needs-confirmation', accountName: 'Contentzilla' });
    const confirmed = await h.launcher.confirm({ launchId: asked?.launchId ?? '', confirm: true });
    expect(confirmed.stage).toBe('needs-credentials');
    expect((await h.launcher.fill({ launchId: asked?.launchId ?? '', password: 'pw', totpSecret: null })).stage).toBe(
      'logged-in',
    );

    const nonce = 'N'.repeat(43);
    const chiclet = harness({
      answer: {
        ok: true,
        value: {
          status: 200,
          body: { decision: 'allowed', launchId: 'srv-launch-000000002', handOff: 'chiclet', account: ACCOUNT },
        },
      },
    });
    expect(await chiclet.launcher.openDeepLink(`latchkey://launch/acct-1?n=${nonce}`)).toMatchObject({
      stage: 'needs-credentials',
    });
    expect(chiclet.bodies).toEqual([{ nonce }]);
  });

  it('without a session: signs in first, then authorises', async () => {
    const h = harness({ signedIn: false });
    await h.launcher.open('acct-1');
    expect(h.calls).toEqual(['signIn', 'POST /api/v1/launch/acct-1/authorize', 'window opened']);
    expect(h.seen.map((s) => s.stage)).toEqual(['started', 'signing-in', 'authorizing', 'needs-credentials']);
  });

  it('a chiclet clicked while the app is locked unlocks first, then authorises', async () => {
    const h = harness({ locked: true });
    const nonce = 'N'.repeat(43);
    await h.launcher.openDeepLink(`latchkey://launch/acct-1?n=${nonce}`);
    expect(h.calls).toEqual(['unlock', 'POST /api/v1/launch/acct-1/authorize']);
    expect(h.seen.map((s) => s.stage).slice(0, 3)).toEqual(['started', 'unlocking', 'authorizing']);
  });

  it('stays locked and asks the server nothing when the unlock fails', async () => {
    const h = harness({ locked: true, unlock: false });
    const done = await h.launcher.openDeepLink('latchkey://launch/acct-1');
    expect(done).toMatchObject({ stage: 'failed', code: 'unlock_other_user' });
    expect(done?.message).toContain('Latchkey stays locked');
    expect(h.calls).toEqual(['unlock']);
  });

  it('reports a sign-in that did not finish', async () => {
    const h = harness({ signedIn: false, signIn: false });
    expect(await h.launcher.open('acct-1')).toMatchObject({ stage: 'failed', code: 'sign_in_timeout' });
  });

  it('is blocked with the server’s reason', async () => {
    const body = {
      error: {
        code: 'login_only',
        message: 'Login-only users cannot log in with it. Ask a workspace admin: Adam Admin.',
      },
    };
    const h = harness({ answer: { ok: true, value: { status: 403, body } } });
    expect(await h.launcher.open('acct-1')).toMatchObject({
      stage: 'blocked',
      code: 'login_only',
      message: body.error.message,
    });
  });

  it('refuses secrets for a launch it did not authorise, and ignores foreign links', async () => {
    const h = harness();
    expect(await h.launcher.fill({ launchId: 'made-up', password: 'x', totpSecret: null })).toMatchObject({
      stage: 'failed',
      code: 'unknown_launch',
    });
    expect(await h.launcher.openDeepLink('latchkey://launch/acct-1?next=https://evil.test')).toBeNull();
    expect(await h.launcher.openDeepLink('https://launch/acct-1')).toBeNull();
    expect(h.calls).toEqual([]);
  });

  it('opens no window for a blocked launch or one waiting for confirmation, and closes the blank one of a launch that expires unfilled', async () => {
    const blocked = harness({
      answer: { ok: true, value: { status: 403, body: { error: { code: 'no_item_role', message: 'No role.' } } } },
    });
    expect(await blocked.launcher.open('acct-1')).toMatchObject({ stage: 'blocked' });
    const unconfirmed = harness();
    expect(await unconfirmed.launcher.openDeepLink('latchkey://launch/acct-1')).toMatchObject({
      stage: 'needs-confirmation',
    });
    expect([blocked.windows, unconfirmed.windows]).toEqual([
      { opened: 0, closed: 0 },
      { opened: 0, closed: 0 },
    ]);

    vi.useFakeTimers();
    try {
      const h = harness({ pendingTtlMs: 1_000 });
      const asked = await h.launcher.open('acct-1');
      await vi.advanceTimersByTimeAsync(1_001);
      expect(h.windows).toEqual({ opened: 1, closed: 1 });
      expect(await h.launcher.fill({ launchId: asked.launchId, password: 'pw', totpSecret: null })).toMatchObject({
        code: 'unknown_launch',
      });
      expect(h.calls).not.toContain('open https://login.example.test/');
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts the secrets once per authorisation', async () => {
    const h = harness();
    const asked = await h.launcher.open('acct-1');
    await h.launcher.fill({ launchId: asked.launchId, password: 'pw', totpSecret: null });
    expect(await h.launcher.fill({ launchId: asked.launchId, password: 'pw', totpSecret: null })).toMatchObject({
      code: 'unknown_launch',
    });
  });
});

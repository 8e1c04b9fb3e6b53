/**
 * One chiclet click, end to end, in the host (Electron main or the browser host):
 *
 *   latchkey://launch/:id → session (active, or the OIDC sign-in, which Okta's SSO session
 *   completes without typing) → POST /api/v1/launch/:id/authorize (RBAC + audit on the server)
 *   → blocked with the reason, or (asking the user first when the link is not the chiclet's own,
 *   see below) the renderer sends the replica's secrets (`launch:fill`) — or, for a Login-only
 *   user, whose replica holds none, this service fetches them once from the server
 *   (`secretsFrom: 'server'`), so they reach the login window and never the UI
 *   → isolated login window, filled and submitted by the autofill engine.
 *
 * Who started it: a launch from the app's own UI (`launch:open`), or a link carrying a nonce the
 * server's chiclet page issued for this account (the server says `handOff: 'chiclet'` after
 * consuming it), goes straight on. Any other `latchkey://` link — a web page or a local program
 * can send one — stops at `needs-confirmation` until the user answers "Log in" (`launch:confirm`).
 *
 * The server decides; the host never trusts the renderer for that: `fill` is accepted only for a
 * launch this service authorised moments ago, and the login URL comes from the server's answer,
 * not from the renderer. Secrets pass through `fill` to the window and are not kept, logged or
 * put in any status.
 */
import { randomBytes } from 'node:crypto';
import type { LaunchConfirmInput, LaunchFillInput, LaunchStatus } from '../../../domain/launch-ipc';
import type { Id } from '../../../domain/records';
import { api, pathOf } from '../../../domain/wire/api';
import { type LaunchAccount, LaunchAllowed, LaunchSecrets, type SecretsFrom } from '../../../domain/wire/launch';
import { ErrorBody } from '../../../domain/wire/replication';
import { parseDeepLink } from '../../security/deep-link';
import type { HttpAnswer, ProxyResult } from '../sync-proxy/authed-request';
import { type AutofillDriver, autofill } from './autofill-engine';
import type { AutofillWindow, OpenAutofillWindow } from './cdp-driver';

export interface LauncherDeps {
  session: {
    status(): { signedIn: boolean };
    signIn(): Promise<{ ok: true } | { ok: false; code: string; reason: string }>;
    /** Locked (main/services/lock/desktop-lock.ts): a launch unlocks first, or stops. */
    locked(): boolean;
    unlock(): Promise<{ ok: true } | { ok: false; code: string; reason: string }>;
  };
  api(method: 'POST', path: string, body?: unknown): Promise<ProxyResult<HttpAnswer>>;
  /** POST /api/v1/launch/:id/secrets, which the renderer's passthrough does not offer. */
  launchSecrets(accountId: Id, serverLaunchId: string): Promise<ProxyResult<HttpAnswer>>;
  openWindow: OpenAutofillWindow;
  log: (message: string, context: Record<string, unknown>) => void;
  now?: () => Date;
  /** An authorised launch waits this long for the renderer's secrets. */
  pendingTtlMs?: number;
  /** Told as each step of a launch ends (bench/launch.ts times them); never given secrets. */
  timing?: (launchId: string, mark: LaunchMark) => void;
}

/**
 * The ends of a launch's steps, in order: the launch began; the session was checked (or signed
 * in / unlocked); the server authorised it; the secrets arrived (from the renderer or the
 * server); the login window opened; its login page loaded; the login finished.
 */
export type LaunchMark =
  | 'started'
  | 'session-checked'
  | 'authorized'
  | 'secrets-received'
  | 'window-opened'
  | 'page-loaded'
  | 'done';

type Listener = (status: LaunchStatus) => void;
type OpenedWindow = { ok: true; win: AutofillWindow } | { ok: false; error: unknown };
interface Pending {
  account: LaunchAccount;
  /** The server's id of this launch: what the secrets route asks for. */
  serverLaunchId: string;
  secretsFrom: SecretsFrom;
  expiresAt: number;
  /** False until the user confirms a launch that did not come from the app or a chiclet. */
  confirmed: boolean;
  /**
   * The login window, opening (blank, its own fresh profile) while the renderer reads the
   * secrets: set only once the launch is authorised and confirmed, closed if they never come.
   */
  window?: Promise<OpenedWindow>;
  /** Closes that window when the launch expires unfilled. */
  dropTimer?: ReturnType<typeof setTimeout>;
}

/** Where a launch came from: the app's own UI, or a `latchkey://` link (with its nonce, if any). */
export type LaunchSource = { from: 'app' } | { from: 'link'; nonce: string | null };

const SESSION_CODES = new Set(['not_signed_in', 'session_expired']);

export function createLauncher(deps: LauncherDeps) {
  const now = deps.now ?? (() => new Date());
  const mark = deps.timing ?? (() => undefined);
  const ttl = deps.pendingTtlMs ?? 120_000;
  const listeners = new Set<Listener>();
  const pending = new Map<string, Pending>();
  const windows = new Set<AutofillWindow>();

  const report = (status: LaunchStatus): LaunchStatus => {
    for (const listener of listeners) listener(status);
    return status;
  };
  const status = (
    launchId: string,
    accountId: Id,
    stage: LaunchStatus['stage'],
    extra: Partial<LaunchStatus> = {},
  ): LaunchStatus =>
    report({ launchId, accountId, stage, accountName: null, appName: null, code: null, message: null, ...extra });

  async function ensureSession(launchId: string, accountId: Id): Promise<LaunchStatus | null> {
    if (deps.session.status().signedIn && deps.session.locked()) {
      // A chiclet clicked while the app is locked: the user proves it is them before anything else.
      status(launchId, accountId, 'unlocking');
      const unlocked = await deps.session.unlock();
      if (unlocked.ok) return null;
      return status(launchId, accountId, 'failed', {
        code: unlocked.code,
        message: `Latchkey stays locked: ${unlocked.reason}`,
      });
    }
    if (deps.session.status().signedIn) return null;
    status(launchId, accountId, 'signing-in');
    const signedIn = await deps.session.signIn();
    if (signedIn.ok) return null;
    return status(launchId, accountId, 'failed', {
      code: signedIn.code,
      message: `Sign-in did not finish: ${signedIn.reason}`,
    });
  }

  const nonceOf = (source: LaunchSource) => (source.from === 'link' ? source.nonce : null);
  async function authorize(accountId: Id, nonce: string | null): Promise<ProxyResult<HttpAnswer>> {
    return deps.api('POST', pathOf(api.authorizeLaunch, { accountId }), nonce === null ? undefined : { nonce });
  }

  async function open(accountId: Id, source: LaunchSource = { from: 'app' }): Promise<LaunchStatus> {
    const launchId = randomBytes(12).toString('base64url');
    mark(launchId, 'started');
    status(launchId, accountId, 'started');
    const noSession = await ensureSession(launchId, accountId);
    if (noSession) return noSession;
    mark(launchId, 'session-checked');
    status(launchId, accountId, 'authorizing');
    let answer = await authorize(accountId, nonceOf(source));
    // A session that lapsed between the check and the call (refresh refused): sign in once more.
    if (!answer.ok && SESSION_CODES.has(answer.code)) {
      const again = await deps.session.signIn();
      if (!again.ok) return status(launchId, accountId, 'failed', { code: again.code, message: again.reason });
      // The nonce went with the first call only if the server answered it; a refused session
      // never reached the launch route, so the nonce is still unused.
      answer = await authorize(accountId, nonceOf(source));
    }
    if (!answer.ok) {
      const blocked = answer.status === 403;
      return status(launchId, accountId, blocked ? 'blocked' : 'failed', { code: answer.code, message: answer.reason });
    }
    const { status: httpStatus, body } = answer.value;
    if (httpStatus === 403 || httpStatus === 401) {
      const error = ErrorBody.safeParse(body);
      return status(launchId, accountId, 'blocked', {
        code: error.success ? error.data.error.code : 'refused',
        message: error.success ? error.data.error.message : 'The server refused this launch.',
      });
    }
    const allowed = LaunchAllowed.safeParse(body);
    if (httpStatus !== 200 || !allowed.success) {
      deps.log('launch authorisation answered outside the contract', { accountId, httpStatus });
      return status(launchId, accountId, 'failed', {
        code: 'bad_response',
        message: 'The sync server gave an unexpected answer.',
      });
    }
    mark(launchId, 'authorized');
    const account = allowed.data.account;
    const confirmed = source.from === 'app' || allowed.data.handOff === 'chiclet';
    const entry: Pending = {
      account,
      serverLaunchId: allowed.data.launchId,
      secretsFrom: allowed.data.secretsFrom,
      expiresAt: now().getTime() + ttl,
      confirmed,
    };
    pending.set(launchId, entry);
    const names = { accountName: account.name, appName: account.appName };
    if (!confirmed) {
      return status(launchId, accountId, 'needs-confirmation', {
        ...names,
        message:
          'This login was not started from Latchkey or from the app’s tile in Okta. Log in only if you meant to.',
      });
    }
    return proceed(launchId, entry);
  }

  /** A confirmed launch goes on: the renderer is asked for the replica's secrets, or the server gives them. */
  function proceed(launchId: string, entry: Pending): Promise<LaunchStatus> | LaunchStatus {
    const names = { accountName: entry.account.name, appName: entry.account.appName };
    if (entry.secretsFrom === 'replica') {
      // The window's start-up (a new browser context) overlaps the renderer's round trip for
      // the secrets; nothing is loaded in it before they arrive (typeInto).
      entry.window = openWindow();
      const dropAt = Math.max(entry.expiresAt - now().getTime(), 0);
      entry.dropTimer = setTimeout(() => {
        if (pending.get(launchId) === entry) pending.delete(launchId);
        void dropWindow(entry);
      }, dropAt);
      entry.dropTimer.unref?.();
      return status(launchId, entry.account.id, 'needs-credentials', names);
    }
    pending.delete(launchId);
    return fillFromServer(launchId, entry);
  }

  async function fillFromServer(launchId: string, entry: Pending): Promise<LaunchStatus> {
    const { account } = entry;
    const names = { accountName: account.name, appName: account.appName };
    status(launchId, account.id, 'filling', names);
    const answer = await deps.launchSecrets(account.id, entry.serverLaunchId);
    if (!answer.ok)
      return status(launchId, account.id, 'failed', { ...names, code: answer.code, message: answer.reason });
    const { status: httpStatus, body } = answer.value;
    if (httpStatus !== 200) {
      const error = ErrorBody.safeParse(body);
      return status(launchId, account.id, httpStatus === 403 ? 'blocked' : 'failed', {
        ...names,
        code: error.success ? error.data.error.code : 'refused',
        message: error.success ? error.data.error.message : 'The server did not give this login its password.',
      });
    }
    const secrets = LaunchSecrets.safeParse(body);
    mark(launchId, 'secrets-received');
    if (!secrets.success) {
      deps.log('launch secrets answered outside the contract', { accountId: account.id, httpStatus });
      return status(launchId, account.id, 'failed', {
        ...names,
        code: 'bad_response',
        message: 'The sync server gave an unexpected answer.',
      });
    }
    return typeInto(launchId, account, secrets.data);
  }

  /** The user's answer to `needs-confirmation`. */
  async function confirm(input: LaunchConfirmInput): Promise<LaunchStatus> {
    const entry = pending.get(input.launchId);
    if (!entry || entry.expiresAt < now().getTime() || entry.confirmed) {
      if (entry && !entry.confirmed) pending.delete(input.launchId);
      return noLongerWaiting(input.launchId, entry);
    }
    const { account } = entry;
    const names = { accountName: account.name, appName: account.appName };
    if (!input.confirm) {
      pending.delete(input.launchId);
      return status(input.launchId, account.id, 'failed', {
        ...names,
        code: 'cancelled',
        message: 'Cancelled: nothing was filled.',
      });
    }
    entry.confirmed = true;
    return proceed(input.launchId, entry);
  }

  async function fill(input: LaunchFillInput): Promise<LaunchStatus> {
    const entry = pending.get(input.launchId);
    // Secrets for a launch the user has not confirmed are refused, and the launch is dropped:
    // only the confirmation path may continue it. A launch whose secrets come from the server
    // never waits here (it is not pending once confirmed), so the UI cannot supply them either.
    pending.delete(input.launchId);
    if (!entry || entry.expiresAt < now().getTime() || !entry.confirmed || entry.secretsFrom !== 'replica') {
      if (entry) await dropWindow(entry);
      return noLongerWaiting(input.launchId, entry);
    }
    mark(input.launchId, 'secrets-received');
    status(input.launchId, entry.account.id, 'filling', {
      accountName: entry.account.name,
      appName: entry.account.appName,
    });
    clearTimeout(entry.dropTimer);
    const opening = entry.window;
    entry.window = undefined;
    return typeInto(input.launchId, entry.account, input, opening);
  }

  /** Opens a login window, kept among `windows` so that `close()` ends it whatever happens next. */
  async function openWindow(): Promise<OpenedWindow> {
    try {
      const win = await deps.openWindow();
      windows.add(win);
      return { ok: true, win };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** A launch that ends before its secrets came: its blank window goes too. */
  async function dropWindow(entry: Pending): Promise<void> {
    clearTimeout(entry.dropTimer);
    const opening = entry.window;
    entry.window = undefined;
    const opened = await opening;
    if (!opened?.ok) return;
    windows.delete(opened.win);
    await opened.win.close();
  }

  /** Opens the isolated login window and lets the autofill engine log in with `secrets`. */
  async function typeInto(
    launchId: string,
    account: LaunchAccount,
    secrets: { password: string; totpSecret: string | null },
    opening: Promise<OpenedWindow> = openWindow(),
  ): Promise<LaunchStatus> {
    const input = { launchId, ...secrets };
    const names = { accountName: account.name, appName: account.appName };
    const opened = await opening;
    if (!opened.ok) {
      deps.log('login window failed to open', { accountId: account.id, error: opened.error });
      return status(input.launchId, account.id, 'failed', {
        ...names,
        code: 'window_failed',
        message: 'The login window could not be opened.',
      });
    }
    const win = opened.win;
    mark(launchId, 'window-opened');
    // The driver as it is, but telling when the login page has loaded.
    const driver: AutofillDriver = {
      open: async (url) => {
        await win.driver.open(url);
        mark(launchId, 'page-loaded');
      },
      describe: (selectors) => win.driver.describe(selectors),
      fill: (ref, value, origin) => win.driver.fill(ref, value, origin),
      submit: (ref, fallbackRef, origin) => win.driver.submit(ref, fallbackRef, origin),
      currentUrl: () => win.driver.currentUrl(),
    };
    try {
      const result = await autofill(
        driver,
        {
          loginUrl: account.loginUrl,
          username: account.username,
          password: input.password,
          totpSecret: input.totpSecret,
          selectors: account.loginSelectors,
        },
        { now },
      );
      // The window stays open either way: logged in, the user works there; if not, they can finish by hand.
      mark(launchId, 'done');
      if (result.ok) return status(input.launchId, account.id, 'logged-in', names);
      return status(input.launchId, account.id, 'failed', { ...names, code: result.code, message: result.message });
    } catch (error) {
      // Driver errors carry page and selector details, never the values typed.
      deps.log('automated login failed', { accountId: account.id, error });
      return status(input.launchId, account.id, 'failed', {
        ...names,
        code: 'autofill_failed',
        message: 'The login page could not be filled.',
      });
    }
  }

  return {
    /** The OS hand-off: anything but a valid `latchkey://launch/:id` is ignored. */
    async openDeepLink(raw: unknown): Promise<LaunchStatus | null> {
      const link = parseDeepLink(raw);
      if (!link) {
        deps.log('ignored a deep link that is not a launch link', {});
        return null;
      }
      return open(link.accountId, { from: 'link', nonce: link.nonce });
    },
    /** A launch from the app's own UI (`launch:open`). */
    open: (accountId: Id) => open(accountId, { from: 'app' }),
    confirm,
    fill,
    onStatus(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Login windows opened so far (the host's tests read the page; the renderer never sees them). */
    windows: (): readonly AutofillWindow[] => [...windows],
    async close(): Promise<void> {
      pending.clear();
      listeners.clear();
      await Promise.all([...windows].map((w) => w.close()));
      windows.clear();
      await deps.openWindow.dispose?.();
    },
  };
}

function noLongerWaiting(launchId: string, entry: Pending | undefined): LaunchStatus {
  return {
    launchId,
    accountId: entry?.account.id ?? 'unknown',
    stage: 'failed',
    accountName: null,
    appName: null,
    code: 'unknown_launch',
    message: 'This launch is no longer waiting. Click the app in Okta again.',
  };
}

export type Launcher = ReturnType<typeof createLauncher>;

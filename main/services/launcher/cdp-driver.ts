/**
 * The autofill window of the browser host: Chromium driven over the DevTools protocol by
 * playwright-core. One Chromium process serves every launch (started on first use), and each
 * launch gets a fresh browser context — an isolated profile with its own cookies, storage and
 * cache, shared with neither the app nor other launches, the CDP counterpart of Electron's
 * per-window partition. The page gets no bridge of any kind to Latchkey: it is a plain tab.
 * Downloads are refused for the whole context (`Browser.setDownloadBehavior` deny, which
 * Playwright sends for `acceptDownloads: false`): a login page cannot drop a file on the machine.
 * Chromium keeps its OS sandbox unless the process runs as root (chromium.ts), and says so then.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import type { LoginSelectors } from '../../../domain/records';
import { automatedChromiumArgs, chromiumPath, chromiumSandboxAllowed, NO_SANDBOX_WARNING } from '../chromium';
import type { AutofillDriver } from './autofill-engine';
import {
  CANDIDATES,
  ClickPoint,
  clickPointScript,
  describeFieldsScript,
  FillOutcome,
  fingerprintScript,
  originScript,
  PageDescription,
  setValueScript,
} from './page-script';

/** A login window: its driver, and closing it (its profile/partition goes with it). */
export interface AutofillWindow {
  readonly driver: AutofillDriver;
  close(): Promise<void>;
}
/** Opens login windows; `dispose` ends what they share (the Chromium process), if anything. */
export type OpenAutofillWindow = (() => Promise<AutofillWindow>) & { dispose?: () => Promise<void> };

export interface CdpAutofillWindow extends AutofillWindow {
  /** The page, for the host's tests and screenshots; never handed to the renderer. */
  readonly page: Page;
}
export type OpenCdpWindow = (() => Promise<CdpAutofillWindow>) & { dispose: () => Promise<void> };

export interface CdpWindowOptions {
  executablePath: string;
  /** Headless in tests; headed in the demo when there is a display. */
  headless: boolean;
  /** Bounded wait for a page to react to a submit. */
  stepTimeoutMs?: number;
  /** The process's uid, for the sandbox decision (defaults to `process.getuid()`). */
  uid?: number;
  log?: (message: string) => void;
}

const POLL_MS = 25;

export function cdpWindowOpener(options: CdpWindowOptions): OpenCdpWindow {
  const stepTimeoutMs = options.stepTimeoutMs ?? 15_000;
  let running: Promise<Browser> | null = null;
  const browser = async (): Promise<Browser> => {
    const current = running ? await running.catch(() => null) : null;
    if (current?.isConnected()) return current;
    const sandboxed = chromiumSandboxAllowed(options.uid ?? process.getuid?.());
    if (!sandboxed) (options.log ?? ((m: string) => console.error(`[autofill] ${m}`)))(NO_SANDBOX_WARNING);
    running = chromium.launch({
      executablePath: options.executablePath,
      headless: options.headless,
      // Playwright adds --no-sandbox unless told otherwise; the decision is ours (chromium.ts).
      chromiumSandbox: sandboxed,
      args: automatedChromiumArgs(options.uid ?? process.getuid?.()),
    });
    try {
      return await running;
    } catch (error) {
      running = null;
      throw new AutofillWindowError('Chromium could not be started for the login window.', error);
    }
  };
  const fresh = async (): Promise<CdpAutofillWindow> => {
    const context = await (await browser()).newContext({ acceptDownloads: false });
    const page = await context.newPage();
    return {
      driver: pageDriver(page, stepTimeoutMs),
      page,
      close: async () => {
        await context.close().catch(() => undefined);
        prepareSpare();
      },
    };
  };
  // The next launch's window, made once a login window closes: a new context and its blank page
  // take half a second on a slow machine, most of what a launch waits for before the login page.
  // Made ahead, it is as fresh as one made on demand (nothing has been loaded into it), and it is
  // made between launches so it takes no CPU from a login under way.
  let spare: Promise<CdpAutofillWindow | null> | null = null;
  const prepareSpare = (): void => {
    if (spare !== null || running === null) return;
    spare = fresh().catch(() => null);
  };
  const open = async (): Promise<CdpAutofillWindow> => {
    // Taken before waiting: two launches at once never share it.
    const taken = spare;
    spare = null;
    const ready = taken === null ? null : await taken;
    if (ready !== null && !ready.page.isClosed() && ready.page.context().browser()?.isConnected()) return ready;
    // The browser went away with it (Chromium was closed or crashed): a new one starts below.
    await ready?.page
      .context()
      .close()
      .catch(() => undefined);
    return fresh();
  };
  return Object.assign(open, {
    async dispose() {
      const taken = spare;
      spare = null;
      const unused = taken === null ? null : await taken;
      const current = running ? await running.catch(() => null) : null;
      running = null;
      await unused?.page
        .context()
        .close()
        .catch(() => undefined);
      await current?.close();
    },
  });
}

export class AutofillWindowError extends Error {
  override readonly name = 'AutofillWindowError';
  readonly code = 'window_failed';
  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

/** Evaluates while the page may be navigating: a destroyed context means "ask again". */
async function evaluateSettled<T>(page: Page, script: string, deadline: number): Promise<T> {
  for (;;) {
    try {
      await page.waitForLoadState('domcontentloaded');
      return (await page.evaluate(script)) as T;
    } catch (error) {
      if (Date.now() > deadline || page.isClosed()) throw error;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function pageDriver(page: Page, stepTimeoutMs: number): AutofillDriver {
  const fingerprint = () => evaluateSettled<string>(page, fingerprintScript(), Date.now() + stepTimeoutMs);
  return {
    async open(url) {
      await page.goto(url, { waitUntil: 'load', timeout: stepTimeoutMs });
    },
    async describe(selectors: LoginSelectors | null) {
      const raw = await evaluateSettled<unknown>(page, describeFieldsScript(selectors), Date.now() + stepTimeoutMs);
      return PageDescription.parse(raw);
    },
    async fill(ref, value, expectedOrigin) {
      // The page script checks the origin and types in one synchronous run (page-script.ts);
      // Playwright's own fill would type into whatever document is current by then.
      return FillOutcome.parse(await page.evaluate(setValueScript(ref, value, expectedOrigin)));
    },
    async submit(ref, fallbackRef, expectedOrigin) {
      // A real click (trusted events, as some sites require), so the origin is checked just before.
      const before = await fingerprint();
      // The page script finds the point (and checks the origin) in one run, and the mouse presses
      // it over CDP: no selector engine to inject into every fresh login window, the larger part
      // of a click's time. When the element is not ready to take it (covered, disabled, not laid
      // out yet), Playwright's click waits until it is.
      const point = ClickPoint.parse(
        await page.evaluate(clickPointScript(ref ?? fallbackRef, expectedOrigin, ref === null)),
      );
      if (point.outcome === 'wrong-origin') return false;
      if (point.outcome === 'ready') await page.mouse.click(point.x, point.y);
      else if (point.outcome === 'focused') await page.keyboard.press('Enter');
      else if ((await page.evaluate(originScript())) !== expectedOrigin) return false;
      else if (ref !== null) await page.locator(CANDIDATES).nth(ref).click({ timeout: stepTimeoutMs });
      else await page.locator(CANDIDATES).nth(fallbackRef).press('Enter', { timeout: stepTimeoutMs });
      // Bounded poll for the page to change (navigation or a re-rendered step), then for it to load.
      const deadline = Date.now() + stepTimeoutMs;
      while (Date.now() < deadline && (await fingerprint().catch(() => before)) === before) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      await page.waitForLoadState('load', { timeout: stepTimeoutMs });
      return true;
    },
    async currentUrl() {
      return page.url();
    },
  };
}

/** `LATCHKEY_AUTOFILL_CHROMIUM` (or `CHROMIUM_PATH`) and `LATCHKEY_AUTOFILL_HEADLESS=1` tune the CDP window. */
export function cdpOpenerFromEnv(env: Readonly<Record<string, string | undefined>>): OpenAutofillWindow {
  const display = env.DISPLAY || env.WAYLAND_DISPLAY;
  return cdpWindowOpener({
    executablePath: env.LATCHKEY_AUTOFILL_CHROMIUM ?? chromiumPath(env),
    headless: env.LATCHKEY_AUTOFILL_HEADLESS === '1' || !display,
  });
}

/**
 * When the accounts list is on screen, for cold_start_ms and unlock_ms of `npm run bench --
 * desktop`: taken inside the page, at the frame that paints the list with its count and a first
 * card, in milliseconds since the epoch so the bench can subtract the moment it started.
 *
 * Why not the moment Playwright's `waitFor` returns: it polls the page at 0, 20, 50, 100 and 100 ms
 * and every 500 ms after that, so a list that appears after the first few polls is seen up to
 * half a second late — more than the whole difference the cold-start ratio is about.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    /** Set (ms since the epoch) by the watch below once the list has been painted. */
    latchkeyListShownAt?: number | null;
  }
}

/**
 * In the page: waits for the list showing `count` with at least one card, then records the
 * time in the next animation frame (a frame's callbacks run just before its paint). Kept as
 * source text: tsx's transform would add helpers the page does not have.
 */
const WATCH = `(count) => {
  window.latchkeyListShownAt = undefined;
  const shown = () =>
    document.querySelector('main p[aria-live]')?.textContent === count &&
    document.querySelector('ul[aria-label="Accounts"] button') !== null;
  const observer = new MutationObserver(() => {
    if (window.latchkeyListShownAt !== undefined || !shown()) return;
    window.latchkeyListShownAt = null;
    observer.disconnect();
    requestAnimationFrame(() => { window.latchkeyListShownAt = performance.timeOrigin + performance.now(); });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}`;

/** Watches every document the page loads from now on (a cold start: before its first script). */
export async function watchListOnLoad(page: Page, count: string): Promise<void> {
  await page.addInitScript({ content: `(${WATCH})(${JSON.stringify(count)})` });
}

/** Watches the page as it is (an unlock: the lock screen is showing, the list is not). */
export async function watchListNow(page: Page, count: string): Promise<void> {
  await page.evaluate(`(${WATCH})(${JSON.stringify(count)}); void 0`);
}

/** Milliseconds from `since` (the bench's `performance.now()`) to the list's paint. */
export async function listShownAfter(page: Page, since: number): Promise<number> {
  await page.waitForFunction(() => typeof window.latchkeyListShownAt === 'number');
  const at = await page.evaluate(() => window.latchkeyListShownAt as number);
  return at - (performance.timeOrigin + since);
}

/**
 * search_p99_ms of `npm run bench -- desktop`: from a keystroke in the Accounts search box to the
 * list showing that query's result (its count and its first account), measured inside the page:
 * the key's `keydown` starts the clock and a MutationObserver stops it at the DOM commit that
 * shows the expected result. The expected result comes from the renderer's own filter.
 */
import type { Page } from '@playwright/test';
import type { Account } from '../../domain/records';
import { inListOrder } from '../../renderer/src/replica/account-order';
import { filterAccounts, NO_FILTER } from '../../renderer/src/screens/account-filter';

/**
 * In the page: resolves with the milliseconds from the next keydown to the DOM commit that shows
 * `expected`. Kept as source text: tsx's transform would add helpers the page does not have.
 */
const WATCH = `({ count, first }) => new Promise((resolve) => {
  let keyAt = -1;
  const screen = document.querySelector('main') ?? document.body;
  const observer = new MutationObserver(() => {
    if (keyAt < 0) return;
    if (screen.querySelector('p[aria-live]')?.textContent !== count) return;
    if (screen.querySelector('.account-card .card-title')?.textContent !== first) return;
    observer.disconnect();
    resolve(performance.now() - keyAt);
  });
  observer.observe(screen, { subtree: true, childList: true, characterData: true });
  document.addEventListener('keydown', () => { keyAt = performance.now(); }, { capture: true, once: true });
})`;

interface Expected {
  count: string;
  first: string;
}

declare global {
  interface Window {
    latchkeyBenchSearch?: Promise<number>;
  }
}

/**
 * Types `rounds` three-digit queries one key at a time and deletes each again, every keystroke one
 * sample (keystrokes that do not change the result are typed but not timed). Returns the samples.
 */
export async function measureSearch(page: Page, seen: readonly Account[], rounds: number): Promise<number[]> {
  // In the list's order (renderer/src/replica/account-order.ts).
  const accounts = inListOrder(seen);
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.click();
  await search.fill('');
  const expect = (query: string): Expected | null => {
    const shown = filterAccounts(accounts, { ...NO_FILTER, search: query }, () => 'owner');
    const first = shown[0];
    return first ? { count: `${shown.length} account${shown.length === 1 ? '' : 's'}`, first: first.name } : null;
  };
  const samples: number[] = [];
  let query = '';
  let before = expect(query);
  const press = async (key: string, next: string) => {
    const after = expect(next);
    const timed = after !== null && (after.count !== before?.count || after.first !== before?.first);
    if (timed) {
      // The trailing `void 0`: the page must not hand the promise back (evaluate would await it).
      await page.evaluate(`window.latchkeyBenchSearch = (${WATCH})(${JSON.stringify(after)}); void 0`);
    }
    await page.keyboard.press(key);
    if (timed) samples.push(await shown(page, after));
    else
      await page.waitForFunction(`document.querySelector('input[type="search"]')?.value === ${JSON.stringify(next)}`);
    query = next;
    before = after;
  };
  for (let round = 0; round < rounds; round += 1) {
    // Queries spread over the accounts' numbers: 1, 13, 137; 2, 27, 274; …
    const digits = String(100 + ((round * 137) % 900));
    for (const digit of digits) await press(digit, query + digit);
    while (query !== '') await press('Backspace', query.slice(0, -1));
  }
  return samples;
}

/** The watched keystroke's latency; a result that never shows stops the bench saying which. */
async function shown(page: Page, expected: Expected): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the accounts list never showed ${expected.count} starting with ${expected.first}`)),
      60_000,
    );
  });
  try {
    return await Promise.race([page.evaluate(() => window.latchkeyBenchSearch ?? Promise.resolve(-1)), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The p-th percentile (0–1) of samples, rounded to a millisecond. */
export function percentileOf(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? -1);
}

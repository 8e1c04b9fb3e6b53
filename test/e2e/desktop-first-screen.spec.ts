import { expect } from '@playwright/test';
import { seedRecords } from '../../dev/stack/seed-records';
import { makeAccount, makeCollection, makeShare } from '../../dev/stack/workspace-factory';
import type { Account } from '../../domain/records';
import { inListOrder } from '../../renderer/src/replica/account-order';
import { test } from './support/desktop-fixture';
import { openMachine } from './support/restartable-desktop';

// A restart with a replica larger than the list's first page: the list shows its first screen
// (replica/first-screen.ts) before the whole workspace is read, and that first screen is the
// complete list's beginning — same count, same first cards with the same roles, same notice —
// so when the complete list takes over nothing moves: the page keeps its elements and its focus.
const SYNC_TIMEOUT = 60_000;
test.describe.configure({ timeout: 180_000 });

const STEMS = ['apple', 'Banana', 'éclair', 'Zebra', '(old)', '10x', 'Mail', 'Éclair'];
/** Ada owns some and collaborates on others (alternately by number); every fifth is in her collection. */
const ACCOUNTS = Array.from({ length: 300 }, (_, i) =>
  makeAccount({
    id: `acct-first-${String((i * 37) % 300).padStart(3, '0')}`,
    name: `${STEMS[i % STEMS.length]} ${Math.floor(i / STEMS.length)}`,
    labels: ['first-screen'],
    collectionId: i % 5 === 0 ? 'coll-first' : null,
    // Far past the first page: the notice above the list counts them from the start all the same.
    rotationRequired: i >= 297,
  }),
);

/**
 * In the page from its first script on: when the list first appears, what it shows, and the
 * person's first move — the third card selected (focused) before anything else is read.
 */
const WATCH_FIRST_SCREEN = `(() => {
  const seen = { counts: [], list: null, cards: [], texts: [], notice: null, readBefore: null, selected: null };
  window.latchkeyFirstScreen = seen;
  new MutationObserver(() => {
    const count = document.querySelector('main p.muted[aria-live]');
    if (count && seen.counts[seen.counts.length - 1] !== count.textContent) seen.counts.push(count.textContent);
    const list = document.querySelector('ul.account-cards');
    if (!list || seen.list) return;
    const cards = [...list.querySelectorAll('button.account-card')];
    if (cards.length < 3) return;
    seen.list = list;
    seen.cards = cards.slice(0, 9);
    seen.texts = seen.cards.map((card) => card.textContent);
    seen.notice = document.querySelector('.rotation-notice')?.textContent ?? null;
    seen.readBefore = performance.getEntriesByName('latchkey:workspace-read').length > 0;
    seen.selected = cards[2];
    cards[2].focus();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`;

interface Seen {
  counts: string[];
  texts: string[];
  notice: string | null;
  readBefore: boolean;
  sameList: boolean;
  sameCards: boolean;
  focusKept: boolean;
  textsNow: string[];
  noticeNow: string | null;
}

test('a restart with a large replica shows the first screen before the rest is read, and it becomes the live list without moving', async ({
  world,
  browser,
}) => {
  await seedRecords(world.server, {
    collections: [makeCollection({ id: 'coll-first', name: 'First screen' })],
    accounts: ACCOUNTS,
    shares: [
      ...ACCOUNTS.map((account, i) =>
        makeShare(
          { account },
          { user: 'user-ada' },
          Math.floor(i / STEMS.length) % 2 === 0 ? 'owner' : 'collaborator',
          `sh-first-${account.id}`,
        ),
      ),
      makeShare({ collection: 'coll-first' }, { user: 'user-ada' }, 'owner', 'sh-first-collection'),
    ],
  });
  const seenByAda = await world.server.db.query<{ doc: Account }>(
    "select doc from records where collection = 'accounts' and not deleted",
  );
  const total = seenByAda.length;
  const machine = await openMachine(browser, world, 'ada');
  try {
    const first = await machine.start();
    await first.page.getByRole('button', { name: 'Sign in with Okta' }).click();
    await expect(first.page.getByText(`${total} accounts`, { exact: true })).toBeVisible({ timeout: SYNC_TIMEOUT });
    await expect(first.page.locator('.sync-indicator')).toHaveText('Online — all changes synced', {
      timeout: SYNC_TIMEOUT,
    });
    await first.quit();

    await machine.context.addInitScript({ content: WATCH_FIRST_SCREEN });
    const again = await machine.start();
    const { page } = again;
    // The complete list is on screen once its label choices are (the first screen has none).
    await expect(
      page.getByRole('combobox', { name: 'Label' }).getByRole('option', { name: 'first-screen' }),
    ).toHaveCount(1, { timeout: SYNC_TIMEOUT });
    const seen = await page.evaluate(() => {
      const watched = (window as unknown as { latchkeyFirstScreen: Record<string, unknown> }).latchkeyFirstScreen;
      const list = document.querySelector('ul.account-cards');
      const cards = [...(list?.querySelectorAll('button.account-card') ?? [])].slice(0, 9);
      const before = watched.cards as Element[];
      return {
        counts: watched.counts,
        texts: watched.texts,
        notice: watched.notice,
        readBefore: watched.readBefore,
        sameList: list === watched.list,
        sameCards: cards.length === before.length && cards.every((card, i) => card === before[i]),
        focusKept: document.activeElement === watched.selected,
        textsNow: cards.map((card) => card.textContent),
        noticeNow: document.querySelector('.rotation-notice')?.textContent ?? null,
      } as Seen;
    });
    // Shown before the whole workspace was read, with the complete list's count from the start.
    expect(seen.readBefore).toBe(false);
    expect(seen.counts).toEqual([`${total} accounts`]);
    // The complete list's first cards, in its order, with the same roles and buttons.
    expect(seen.texts).toEqual(seen.textsNow);
    expect(seen.texts[0]).toContain(inListOrder(seenByAda.map((row) => row.doc))[0]?.name);
    expect(seen.texts.some((text) => text.includes('Owner'))).toBe(true);
    expect(seen.texts.some((text) => text.includes('Collaborator'))).toBe(true);
    expect(seen.notice).toMatch(/needs? a new password/);
    expect(seen.noticeNow).toBe(seen.notice);
    // Nothing was put back in the page: the list, its cards and the selected one are the same elements.
    expect(seen.sameList).toBe(true);
    expect(seen.sameCards).toBe(true);
    expect(seen.focusKept).toBe(true);

    // The complete list answers from there on: the keys move on from the selection, search finds any account.
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('button.account-card').nth(3)).toBeFocused();
    const last = inListOrder(ACCOUNTS).at(-1);
    // Its username is its own (the account's id in it).
    await page.getByRole('searchbox', { name: 'Search' }).fill(last?.username ?? '');
    await expect(page.getByText('1 account', { exact: true })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('button').first()).toContainText(
      last?.name ?? '',
    );
  } finally {
    await machine.close();
  }
});

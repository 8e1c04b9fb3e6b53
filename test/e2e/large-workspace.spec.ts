import { expect, type Page } from '@playwright/test';
import { PEOPLE as WORLD_PEOPLE } from '../../dev/stack/desktop-world';
import { seedRecords } from '../../dev/stack/seed-records';
import { makeAccount, makeShare, makeUser } from '../../dev/stack/workspace-factory';
import { test } from './support/desktop-fixture';

// A large workspace in the desktop app: a thousand accounts in one list without paging, and a
// share picker over two thousand people that is typed into rather than scrolled.
const SYNC_TIMEOUT = 60_000;
test.describe.configure({ timeout: 180_000 });

const GIVEN = ['Ada', 'Basil', 'Cora', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ivo', 'Juno'];
const FAMILY = Array.from({ length: 200 }, (_, i) => `Family${String(i).padStart(3, '0')}`);
// One family name among them that three letters find: "Olsen" (and nobody else has "ols").
FAMILY[137] = 'Olsen';
/** 2,000 active people: every given name with every family name. */
const PEOPLE = FAMILY.flatMap((family, f) =>
  GIVEN.map((given, g) =>
    makeUser({
      id: `user-many-${f}-${g}`,
      givenName: given,
      familyName: family,
      userName: `${given}.${family}@example.com`.toLowerCase(),
    }),
  ),
);
const ACCOUNT_COUNT = 1_000;
const ACCOUNT_NAMES = Array.from({ length: ACCOUNT_COUNT }, (_, i) => `Tool ${String(i).padStart(4, '0')}`);

const cards = (page: Page) => page.getByRole('list', { name: 'Accounts' }).locator('button.account-card');

test('a thousand accounts: one list without "Show more", and the arrow keys scroll the selected account into view', async ({
  world,
  browser,
}) => {
  const accounts = ACCOUNT_NAMES.map((name, i) =>
    makeAccount({ id: `acct-tool-${i}`, name, appName: 'Tooling', labels: ['tools'] }),
  );
  await seedRecords(world.server, {
    accounts,
    shares: accounts.map((a) => makeShare({ account: a.id }, { user: 'user-ada' }, 'owner', `sh-ada-${a.id}`)),
  });
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  const cspRefusals: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      cspRefusals.push(message.text());
    }
  });
  await ada.signIn();
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('tool');
  await expect(page.getByText(`${ACCOUNT_COUNT} accounts`, { exact: true })).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expect(cards(page).first()).toHaveText(new RegExp(ACCOUNT_NAMES[0] ?? ''));
  // Only the rows near the viewport are in the page; nothing asks to show more.
  expect(await cards(page).count()).toBeLessThan(ACCOUNT_COUNT / 4);
  await expect(page.getByRole('button', { name: /Show more/ })).toHaveCount(0);

  // ↑ from the search box selects the last account: far below, it is scrolled to and focused.
  await search.focus();
  await page.keyboard.press('ArrowUp');
  const last = page.getByRole('button', { name: new RegExp(`^${ACCOUNT_NAMES[ACCOUNT_COUNT - 1]}`) });
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await page.keyboard.press('ArrowUp');
  const previous = page.getByRole('button', { name: new RegExp(`^${ACCOUNT_NAMES[ACCOUNT_COUNT - 2]}`) });
  await expect(previous).toBeFocused();
  await expect(previous).toBeInViewport();
  // The selected card was not in the page at first, and is a real card: Space opens it.
  await page.keyboard.press('Space');
  await expect(page.getByRole('heading', { level: 2, name: ACCOUNT_NAMES[ACCOUNT_COUNT - 2] })).toBeVisible();
  // The rows are placed through the DOM's style object, which the strict CSP allows.
  expect(cspRefusals).toEqual([]);
  await ada.close();
});

test('the combobox with 2,000 users: type three letters, choose with the keyboard, share, and the grant appears', async ({
  world,
  browser,
}) => {
  await seedRecords(world.server, { users: PEOPLE });
  const ada = await world.openClient(browser, 'ada');
  const { page } = ada;
  await ada.signIn();
  await page
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button', { name: /^Brand Instagram/ })
    .click();
  const picker = page.getByRole('combobox', { name: 'Share with' });
  const listbox = page.getByRole('listbox', { name: 'Share with' });
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  // The closed list is hidden (so not found by role): find it by the id the combobox controls.
  const controls = await picker.getAttribute('aria-controls');
  await expect(page.locator(`[id="${controls}"]`)).toHaveAttribute('role', 'listbox');

  // Replication brings the 2,000 people in: wait until the last of them can be found.
  const lastPerson = PEOPLE[PEOPLE.length - 1];
  await picker.fill(lastPerson?.userName ?? '');
  await expect(listbox.getByRole('option')).toHaveCount(1, { timeout: SYNC_TIMEOUT });
  await page.keyboard.press('Escape');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Escape');
  await expect(picker).toHaveValue('');

  await page.keyboard.type('ols');
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  // People are listed by name.
  const olsens = PEOPLE.filter((p) => p.familyName === 'Olsen')
    .map((p) => `${p.givenName} Olsen (${p.userName})`)
    .sort((a, b) => a.localeCompare(b, 'en'));
  await expect(listbox.getByRole('option')).toHaveText(olsens);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const chosen = olsens[1] ?? '';
  const active = listbox.getByRole('option', { name: chosen, exact: true });
  await expect(active).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id')) ?? '');
  await page.keyboard.press('Enter');
  await expect(picker).toHaveValue(chosen);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  // With the list closed, Enter submits the form: Share.
  await page.keyboard.press('Enter');
  const name = chosen.replace(/ \(.*\)$/, '');
  await expect(page.getByRole('list', { name: 'Grants' })).toContainText(`${name} — Collaborator`);
  await expect(page.getByRole('list', { name: 'Who has access' })).toContainText(
    `${name} — Collaborator (direct share)`,
  );

  // All members holds the same 2,000 people (and the world's four): only a screenful is in the
  // table, its count is right, and the search and the Name header reach the rest.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'All members', exact: true })
    .click();
  const members = page.getByRole('table', { name: 'Members' });
  const memberRows = members.locator('tbody tr[data-member]');
  await expect(memberRows.first()).toBeVisible();
  expect(await memberRows.count()).toBeLessThan(PEOPLE.length / 4);
  await members.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
  const everyone = [
    ...PEOPLE.map((p) => ({ name: `${p.givenName} ${p.familyName}`, email: p.userName })),
    ...Object.entries(WORLD_PEOPLE).map(([key, p]) => ({
      name: `${p.given} ${p.family}`,
      email: `${key}@example.com`,
    })),
  ].sort((a, b) => b.name.localeCompare(a.name, 'en'));
  await expect(memberRows.first()).toHaveAttribute('data-member', everyone[0]?.email ?? '');
  await page.getByRole('searchbox', { name: 'Search' }).fill('olsen');
  await expect(memberRows).toHaveCount(olsens.length);
  await ada.close();
});

import { readFileSync } from 'node:fs';
import { _electron as electron, expect, test } from '@playwright/test';

// Registered only where Electron's binary exists (see playwright.config.ts).
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

// biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixtures from a destructured first parameter.
test('the desktop app opens one hardened window showing what main reports', async ({}, testInfo) => {
  const app = await electron.launch({ args: ['out/main/index.js', '--no-sandbox'] });
  const appWindow = await app.firstWindow();
  await expect(appWindow.getByRole('heading', { level: 1, name: 'Latchkey' })).toBeVisible();
  await expect(appWindow.getByRole('status')).toHaveText(`Latchkey ${version} on ${process.platform} (desktop app)`);

  // The renderer reaches main only through the contract: no Node, no raw ipcRenderer.
  const exposed = await appWindow.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    api: Object.keys((window as { latchkey?: object }).latchkey ?? {}).sort(),
  }));
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'on'] });

  await appWindow.screenshot({ path: testInfo.outputPath('electron-app.png') });
  await app.close();
});

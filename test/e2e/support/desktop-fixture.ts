import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type DesktopWorld, startDesktopWorld } from '../../../dev/stack/desktop-world';
import { rendererDir } from '../../../dev/stack/renderer-dir';

/** One product world per Playwright worker (simulator, sync server, keyring); clients per test. */
export const test = base.extend<{ clientsClosed: undefined }, { world: DesktopWorld }>({
  // The world is the worker's; the clients a test opens are the test's own (closeClients).
  clientsClosed: [
    async ({ world }, use) => {
      await use(undefined);
      await world.closeClients();
    },
    { auto: true },
  ],
  world: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
    async ({}, use) => {
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error(`${rendererDir} has no build: run \`npm run build\` first (npm test does).`);
      }
      const world = await startDesktopWorld();
      await use(world);
      await world.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';

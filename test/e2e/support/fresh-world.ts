/**
 * Playwright's `test` with a `world` fixture: a desktop world of the test's own (sync server,
 * Okta simulator, seeded workspace), for tests that change the workspace or Okta, so no test
 * depends on which others ran before it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type DesktopWorld, startDesktopWorld } from '../../../dev/stack/desktop-world';
import { rendererDir } from '../../../dev/stack/renderer-dir';

export const test = base.extend<{ world: DesktopWorld }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
  world: async ({}, use) => {
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error(`${rendererDir} has no build: run \`npm run build\` first (npm test does).`);
    }
    const world = await startDesktopWorld();
    await use(world);
    await world.close();
  },
});

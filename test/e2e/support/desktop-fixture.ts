import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type DesktopWorld, startDesktopWorld } from '../../../dev/stack/desktop-world';
import { rendererDir } from '../../../dev/stack/renderer-dir';

/**
 * Playwright's `test` with a `world`: a desktop world of the test's own (Okta simulator, sync
 * server on a fresh database, the seeded workspace), so no test depends on which others ran
 * before it. Closing it when the test ends closes the clients the test opened too.
 */
export const test = base.extend<{ world: DesktopWorld }>({
  world: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
    async ({}, use, testInfo) => {
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error(`${rendererDir} has no build: run \`npm run build\` first (npm test does).`);
      }
      const world = await startDesktopWorld();
      await use(world);
      // A failure's report is often all there is of a run: with it, what main logged meanwhile.
      if (testInfo.status !== testInfo.expectedStatus && world.log().length > 0) {
        console.error(`desktop log of "${testInfo.title}":\n${world.log().join('\n')}`);
      }
      await world.close();
    },
    // Its own timeout, apart from the test's: a slow start on a busy machine leaves the test its time.
    { timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';

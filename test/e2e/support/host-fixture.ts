import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { rendererDir } from '../../../dev/stack/renderer-dir';
import { type BrowserHost, startBrowserHost } from '../../../main/browser-host/start-browser-host';
import { createAppInfoService } from '../../../main/services/app-info';

/** A fresh browser host per test, on an ephemeral port, serving the built renderer. */
export const test = base.extend<{ host: BrowserHost }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
  host: async ({}, use) => {
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error(`${rendererDir} has no build: run \`npm run build\` first (npm test does).`);
    }
    const host = await startBrowserHost({
      port: 0,
      rendererDir,
      services: { appInfo: createAppInfoService('browser') },
    });
    await use(host);
    await host.close();
  },
});

export { expect } from '@playwright/test';

import { defineConfig, type Project } from '@playwright/test';
import { findElectronBinary } from './scripts/electron-binary';
import { chromiumArgs, chromiumPath } from './test/e2e/support/chromium';

// The Electron project exists only where Electron's binary does; scripts/test.sh prints why it did
// not run elsewhere. (A test.skip would hide that in a report nobody reads.)
const electron = findElectronBinary();

const projects: Project[] = [
  {
    name: 'browser-host',
    testDir: 'test/e2e',
    testMatch: '*.spec.ts',
    use: {
      browserName: 'chromium',
      launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    },
  },
];
if (electron.available) {
  projects.push({ name: 'electron', testDir: 'test/e2e/electron', testMatch: '*.electron.ts' });
}

export default defineConfig({
  outputDir: 'test-results/playwright',
  reporter: 'list',
  workers: 2,
  timeout: 30_000,
  use: { screenshot: 'only-on-failure', trace: 'retain-on-failure' },
  projects,
});

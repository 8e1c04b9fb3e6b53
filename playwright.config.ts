import { defineConfig, type Project } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './dev/stack/chromium';
import { findElectronBinary } from './scripts/electron-binary';

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
      launchOptions: {
        executablePath: chromiumPath,
        args: chromiumArgs,
        // The test session's private D-Bus is for the keychain tests only: Chromium aborts when its
        // session-bus connection drops (FATAL dbus/bus.cc "D-Bus connection was disconnected"),
        // which happened to the worker's browser after a test closed a desktop world that used the
        // keychain, failing the next test. The automated Chromium needs no session bus at all.
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
      },
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
  use: {
    screenshot: 'only-on-failure',
    // No trace by default: recording one (kept only on failure, but recorded for every test) was
    // a fifth of the suite's CPU with its screencast and a tenth without. A failure still leaves
    // its screenshot and the page's ARIA snapshot (error-context.md); to see every step of a
    // failing test, run it again with `--trace on`.
    trace: 'off',
  },
  projects,
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Files that start a private gnome-keyring (dev/stack/private-keyring.ts): the
 * keychain binding keeps its D-Bus connection for the life of the process, so each of these
 * needs a process of its own (isolate: true). Found by what they call, so a new one cannot be
 * missed.
 */
function keychainFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(folder, file))
    .filter((file) => readFileSync(file, 'utf8').includes('startPrivateKeyring('));
}
const KEYCHAIN_INTEGRATION = keychainFiles('test/integration');
const KEYCHAIN_SECURITY = keychainFiles('test/security');

/**
 * Integration and security files start their own servers and databases and share no state
 * through modules, so a worker runs one file after another without re-importing the server,
 * the simulator and their dependencies for each (isolate: false): that import was a third of
 * these suites' time. Two cores, so two files at a time.
 */
const serverSuite = { environment: 'node', maxWorkers: 2, isolate: false, testTimeout: 60_000, hookTimeout: 120_000 };

// Projects so `npm test` can report them apart: unit tests are pure and fast; integration tests
// start real servers (sync server, Okta simulator) on real databases; security tests are attacks
// that no longer work, each through a real interface, plus the fuzz suite over every interface.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Projects with different worker counts need their own group: unit tests run first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...serverSuite,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: KEYCHAIN_INTEGRATION,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...serverSuite,
          name: 'integration-keychain',
          include: KEYCHAIN_INTEGRATION,
          isolate: true,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...serverSuite,
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          exclude: KEYCHAIN_SECURITY,
          testTimeout: 90_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          ...serverSuite,
          name: 'security-keychain',
          include: KEYCHAIN_SECURITY,
          isolate: true,
          testTimeout: 90_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

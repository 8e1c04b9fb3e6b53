import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The test files under `folder` whose text contains one of `needles`. */
function filesCalling(folder: string, needles: readonly string[]): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(folder, file))
    .filter((file) => {
      const text = readFileSync(file, 'utf8');
      return needles.some((needle) => text.includes(needle));
    });
}

/**
 * Files that start a private gnome-keyring (dev/stack/private-keyring.ts): the
 * keychain binding keeps its D-Bus connection for the life of the process, so each of these
 * needs a process of its own (isolate: true). Found by what they call, so a new one cannot be
 * missed.
 */
const KEYCHAIN_INTEGRATION = filesCalling('test/integration', ['startPrivateKeyring(']);
const KEYCHAIN_SECURITY = filesCalling('test/security', ['startPrivateKeyring(']);

/**
 * Unit files that replace a module (`vi.mock`, Electron's mostly): a replaced module must not be
 * what the next file in the worker imports, so these run isolated; every other unit file shares its
 * worker's imports (isolate: false); with two workers that took the unit suite from 55 s to 13 s here.
 */
const MOCKING_UNIT = filesCalling('test/unit', ['vi.mock(', 'vi.doMock(']);
const unitSuite = {
  environment: 'node',
  // Vitest's default is one worker fewer than the cores: one, on a two-core machine.
  maxWorkers: 2,
  // Projects with different worker counts need their own group: unit tests run first.
  sequence: { groupOrder: 0 },
};

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
          ...unitSuite,
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: MOCKING_UNIT,
          isolate: false,
        },
      },
      { test: { ...unitSuite, name: 'unit-mocks', include: MOCKING_UNIT, isolate: true } },
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

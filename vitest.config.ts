import { defineConfig } from 'vitest/config';

// Two projects so `npm test` can report them apart: unit tests are pure and fast;
// integration tests start real servers (sync server, Okta simulator) on real databases.
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
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own servers and databases; two cores, so two at a time.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Attacks that no longer work, each through a real interface (HTTP, SCIM, WebSocket,
        // the autofill engine), plus the fuzz suite over every interface.
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

/**
 * The desktop world (desktop-world.ts) with Okta provisioning wired to the sync server over SCIM,
 * as in a real org: people a test adds to Okta and assigns to Latchkey are pushed to the server by
 * the simulator's SCIM client, and deactivating or unassigning them in Okta deprovisions them there.
 * Its own worker fixture, and each test adds its own people, so deprovisioning someone never
 * reaches another test.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type DesktopWorld, PASSWORD, startDesktopWorld } from '../../../dev/stack/desktop-world';
import { rendererDir } from '../../../dev/stack/renderer-dir';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeAccount, makeCredentials, makeShare } from '../../../dev/stack/workspace-factory';
import type { User } from '../../../domain/records';
import { rotateScimToken } from '../../../sync-server/scim/token';

export interface Collaborator {
  /** Login name before `@example.com`, as openMachine takes it. */
  login: string;
  oktaId: string;
  account: { id: string; name: string; password: string };
}

export interface DeprovisionWorld extends DesktopWorld {
  /** A new Okta user assigned to Latchkey (pushed over SCIM), collaborator on an account of their own. */
  addCollaborator(login: string): Promise<Collaborator>;
}

export const test = base.extend<{ clientsClosed: undefined }, { deprovisionWorld: DeprovisionWorld }>({
  // The world is the worker's; the clients a test opens are the test's own (closeClients).
  clientsClosed: [
    async ({ deprovisionWorld }, use) => {
      await use(undefined);
      await deprovisionWorld.closeClients();
    },
    { auto: true },
  ],
  deprovisionWorld: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
    async ({}, use) => {
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error(`${rendererDir} has no build: run \`npm run build\` first (npm test does).`);
      }
      const world = await startDesktopWorld();
      const { token } = await rotateScimToken(world.server.db, 'e2e-deprovisioning');
      world.sim.admin.setScimTarget(`${world.serverUrl}/scim/v2`, token);
      await use({
        ...world,
        async addCollaborator(login) {
          const okta = await world.sim.admin.createUser({
            login: `${login}@example.com`,
            email: `${login}@example.com`,
            firstName: login[0]?.toUpperCase() + login.slice(1),
            lastName: 'Contractor',
            password: PASSWORD,
          });
          await world.sim.admin.assignUserToApp(okta.id);
          const [row] = await world.server.db.query<{ doc: User }>(
            "select doc from records where collection = 'users' and doc->>'externalId' = $1",
            [okta.id],
          );
          if (!row)
            throw new Error(`SCIM did not provision ${login}: ${JSON.stringify(world.sim.provisioning.tasks())}`);
          const account = {
            id: `acct-${login}`,
            name: `${login[0]?.toUpperCase()}${login.slice(1)} Vendor Portal`,
            password: `${login}-secret-7`,
          };
          await seedRecords(world.server, {
            accounts: [makeAccount({ id: account.id, name: account.name, appName: 'Vendor Portal' })],
            credentials: [makeCredentials(account.id, { password: account.password })],
            shares: [
              makeShare({ account: account.id }, { user: 'user-ada' }, 'owner', `sh-ada-${login}`),
              makeShare({ account: account.id }, { user: row.doc }, 'collaborator', `sh-${login}`),
            ],
          });
          return { login, oktaId: okta.id, account };
        },
      });
      await world.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';

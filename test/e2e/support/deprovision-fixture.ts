/**
 * The desktop world (desktop-fixture.ts) with Okta provisioning wired to the sync server over SCIM,
 * as in a real org: people a test adds to Okta and assigns to Latchkey are pushed to the server by
 * the simulator's SCIM client, and deactivating or unassigning them in Okta deprovisions them there.
 * Like every world, the test's own.
 */
import { type DesktopWorld, PASSWORD } from '../../../dev/stack/desktop-world';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeAccount, makeCredentials, makeShare } from '../../../dev/stack/workspace-factory';
import { rotateScimToken } from '../../../sync-server/scim/token';
import { directoryUserByExternalId } from '../../../sync-server/store/directory-queries';
import { test as desktopTest } from './desktop-fixture';

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

export const test = desktopTest.extend<{ deprovisionWorld: DeprovisionWorld }>({
  deprovisionWorld: async ({ world }, use) => {
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
        const user = await directoryUserByExternalId(world.server.db, okta.id);
        if (!user)
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
            makeShare({ account: account.id }, { user: user.doc }, 'collaborator', `sh-${login}`),
          ],
        });
        return { login, oktaId: okta.id, account };
      },
    });
  },
});

export { expect } from '@playwright/test';

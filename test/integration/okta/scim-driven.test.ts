/**
 * Okta's own lifecycle drives the chiclets: users and a group are provisioned by the
 * simulator's SCIM client (the requests Okta sends) into the real server's /scim/v2. A new
 * member of the pushed group gets the chiclet right after the membership change; a
 * deprovisioned user loses every assignment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../dev/stack/eventually';
import { oktaUserId, oktaUserSeed } from '../../../dev/stack/okta-seed';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount, makeSettings, makeShare } from '../../../dev/stack/workspace-factory';
import type { Team, User } from '../../../domain/records';
import { rotateScimToken } from '../../../sync-server/scim/token';

const GROUP = '00gMarketing00000000';
const [ADA, BEN, CY, DEE] = [1, 2, 3, 4].map(oktaUserId) as [string, string, string, string];

describe.each(['postgres', 'pglite'] as const)(
  'SCIM membership and deprovisioning reach Okta assignments (%s)',
  (store) => {
    let stack: OktaStack;

    const userByOkta = async (oktaId: string) =>
      (
        await stack.server.db.query<{ doc: User }>(
          "select doc from records where collection = 'users' and doc->>'externalId' = $1",
          [oktaId],
        )
      )[0]?.doc;
    const team = async () =>
      (
        await stack.server.db.query<{ doc: Team }>("select doc from records where collection = 'teams' and not deleted")
      )[0]?.doc;
    const assignees = (accountId: string) => stack.appsFor(accountId)[0]?.users ?? [];
    const waitFor = (accountId: string, want: string[], what: string) =>
      eventually(() => JSON.stringify(assignees(accountId)) === JSON.stringify([...want].sort()), 15_000, what);

    beforeAll(async () => {
      stack = await startOktaStack({
        store,
        contract: true,
        sim: { seed: { users: oktaUserSeed(4), groups: [{ id: GROUP, name: 'Marketing', members: [ADA, BEN] }] } },
      });
      const { token } = await rotateScimToken(stack.server.db, 'test');
      stack.sim.admin.setScimTarget(`${stack.url}/scim/v2`, token);
      for (const id of [ADA, BEN, CY, DEE]) await stack.sim.admin.assignUserToApp(id);
      await stack.sim.admin.pushGroup(GROUP);
      expect(stack.sim.provisioning.tasks().filter((t) => t.status !== 'SUCCESS')).toEqual([]);
    });
    afterAll(async () => stack?.close());

    it('a team pushed from an Okta group gives its members the chiclet, and a new member gets it right after', async () => {
      const ada = await userByOkta(ADA);
      const marketing = await team();
      if (!ada || !marketing) throw new Error('SCIM did not provision Ada or the Marketing team');
      const account = makeAccount({ id: 'vendor', name: 'Acme', appName: 'Vendor Portal' });
      await stack.seed({
        settings: [makeSettings({ extendedAccessEnabled: true })],
        accounts: [account],
        shares: [
          makeShare({ account }, { user: ada }, 'owner', 'own'),
          makeShare({ account }, { team: marketing }, 'collaborator', 'team'),
        ],
      });
      expect((await stack.api(ADA, 'POST', '/api/v1/accounts/vendor/extend')).status).toBe(202);
      await waitFor('vendor', [ADA, BEN], 'team members assigned');

      await stack.sim.admin.addGroupMember(GROUP, CY);
      await waitFor('vendor', [ADA, BEN, CY], 'new group member assigned');
      await stack.sim.admin.removeGroupMember(GROUP, BEN);
      await waitFor('vendor', [ADA, CY], 'removed group member unassigned');
    });

    it('a deprovisioned user loses every assignment', async () => {
      const cy = await userByOkta(CY);
      if (!cy) throw new Error('no Cy');
      const second = makeAccount({ id: 'second', name: 'Acme', appName: 'Billing' });
      await stack.seed({
        accounts: [second],
        shares: [
          makeShare({ account: second }, { user: (await userByOkta(ADA)) as User }, 'owner', 'own2'),
          makeShare({ account: second }, { user: cy }, 'collaborator', 'cy2'),
        ],
      });
      await stack.api(ADA, 'POST', '/api/v1/accounts/second/extend');
      await waitFor('second', [ADA, CY], 'second account synced');

      await stack.sim.admin.deactivateUser(CY);
      await waitFor('vendor', [ADA], 'deprovisioned user unassigned (team path)');
      await waitFor('second', [ADA], 'deprovisioned user unassigned (direct share)');
    });
  },
);

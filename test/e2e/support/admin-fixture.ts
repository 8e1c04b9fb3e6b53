/**
 * The desktop world (desktop-fixture.ts) plus what the admin screens need to show: cy promoted to
 * workspace Admin, a member Okta deactivated (dee), a member without a SCIM external ID (eve)
 * and a team pushed from an Okta group. Like every world, the test's own.
 */
import { type DesktopWorld, PEOPLE } from '../../../dev/stack/desktop-world';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeTeam, makeUser } from '../../../dev/stack/workspace-factory';
import { test as desktopTest } from './desktop-fixture';

export const ADMIN_EXTRAS = {
  dee: { id: 'user-dee', name: 'Dee Dormant', oktaId: '00udee00000000000005' },
  eve: { id: 'user-eve', name: 'Eve Early' },
  support: { id: 'team-support', name: 'Support', oktaGroupId: '00gsupport0000000001' },
} as const;

export const test = desktopTest.extend<{ adminWorld: DesktopWorld }>({
  adminWorld: async ({ world }, use) => {
    await seedRecords(world.server, {
      users: [
        makeUser({
          id: 'user-cy',
          userName: 'cy@example.com',
          givenName: PEOPLE.cy.given,
          familyName: PEOPLE.cy.family,
          role: 'admin',
          externalId: PEOPLE.cy.oktaId,
        }),
        makeUser({
          id: ADMIN_EXTRAS.dee.id,
          userName: 'dee@example.com',
          givenName: 'Dee',
          familyName: 'Dormant',
          active: false,
          externalId: ADMIN_EXTRAS.dee.oktaId,
        }),
        makeUser({
          id: ADMIN_EXTRAS.eve.id,
          userName: 'eve@example.com',
          givenName: 'Eve',
          familyName: 'Early',
          externalId: null,
        }),
      ],
      teams: [
        makeTeam({
          id: ADMIN_EXTRAS.support.id,
          displayName: ADMIN_EXTRAS.support.name,
          memberIds: ['user-bob', ADMIN_EXTRAS.dee.id],
          oktaGroupId: ADMIN_EXTRAS.support.oktaGroupId,
        }),
      ],
    });
    await use(world);
  },
});

export { expect } from '@playwright/test';

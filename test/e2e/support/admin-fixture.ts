/**
 * The desktop world (desktop-world.ts) plus what the admin screens need to show: cy promoted to
 * workspace Admin, a member Okta deactivated (dee), a member without a SCIM external ID (eve)
 * and a team pushed from an Okta group. Its own worker fixture, so switching the feature off or
 * rotating the SCIM token here never reaches the other specs' world.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { type DesktopWorld, PEOPLE, type Person, startDesktopWorld } from '../../../dev/stack/desktop-world';
import { rendererDir } from '../../../dev/stack/renderer-dir';
import { seedRecords } from '../../../dev/stack/seed-records';
import { makeTeam, makeUser } from '../../../dev/stack/workspace-factory';

export const ADMIN_EXTRAS = {
  dee: { id: 'user-dee', name: 'Dee Dormant', oktaId: '00udee00000000000005' },
  eve: { id: 'user-eve', name: 'Eve Early' },
  support: { id: 'team-support', name: 'Support', oktaGroupId: '00gsupport0000000001' },
} as const;

export interface AdminWorld extends DesktopWorld {
  /** An Okta access token for a person, as the desktop app would send it. */
  token(person: Person): Promise<string>;
  api(person: Person, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export const test = base.extend<{ clientsClosed: undefined }, { adminWorld: AdminWorld }>({
  // The world is the worker's; the clients a test opens are the test's own (closeClients).
  clientsClosed: [
    async ({ adminWorld }, use) => {
      await use(undefined);
      await adminWorld.closeClients();
    },
    { auto: true },
  ],
  adminWorld: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object.
    async ({}, use) => {
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error(`${rendererDir} has no build: run \`npm run build\` first (npm test does).`);
      }
      const world = await startDesktopWorld();
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
      const token = (person: Person) => world.sim.issueAccessToken(PEOPLE[person].oktaId);
      await use({
        ...world,
        token,
        async api(person, method, apiPath, body) {
          const res = await fetch(`${world.serverUrl}${apiPath}`, {
            method,
            headers: {
              authorization: `Bearer ${await token(person)}`,
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          });
          const text = await res.text();
          return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
        },
      });
      await world.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';

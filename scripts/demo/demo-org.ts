/**
 * The demo organisation as people meet it: who is who in okta-sim/seeds/demo.json and what each
 * login shows. The seed file stays the one source of ids and passwords; this names roles.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SimSeed } from '../../okta-sim/seed';

export const DEMO_SEED_FILE = fileURLToPath(new URL('../../okta-sim/seeds/demo.json', import.meta.url));
export type DemoSeed = ReturnType<typeof SimSeed.parse>;

export async function readDemoSeed(): Promise<DemoSeed> {
  return SimSeed.parse(JSON.parse(await readFile(DEMO_SEED_FILE, 'utf8')));
}

export const DEMO_PEOPLE = {
  olivia: {
    oktaId: '00uw9IahZD7nNRcpz8VI',
    email: 'olivia.owner@latchkey.test',
    role: 'workspace Owner; owns the Social media collection',
  },
  adam: {
    oktaId: '00uZu3i1pQScn52qkIKO',
    email: 'adam.admin@latchkey.test',
    role: 'Admin; owns the Support desk account',
  },
  maya: {
    oktaId: '00u99BRdWlSvuNTtbv10',
    email: 'maya.marketing@latchkey.test',
    role: 'collaborator through the Marketing team: sees the Brand Instagram chiclet',
  },
  sam: {
    oktaId: '00udrZrMWtkmx2pscIzX',
    email: 'sam.support@latchkey.test',
    role: 'collaborator through the Support team: sees the Support desk chiclet',
  },
  lena: {
    oktaId: '00utA7C50vfW1U9vX7Yk',
    email: 'lena.loginonly@latchkey.test',
    role: 'Login-only (Marketing): no chiclet; logs in from the app, never sees the password',
  },
  dan: {
    oktaId: '00ule60iBgCCKQUYhpRN',
    email: 'dan.departed@latchkey.test',
    role: 'Support; deactivate him in the simulator to see access end',
  },
} as const;
export type DemoPersonKey = keyof typeof DEMO_PEOPLE;

export const DEMO_GROUPS = { marketing: '00gtPEQPmaueHngz4yg6', support: '00gWhmiBDDYzUtiz5pBM' } as const;

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
}

export function demoLogins(seed: DemoSeed): DemoLogin[] {
  return Object.values(DEMO_PEOPLE).map((person) => ({
    email: person.email,
    password: seed.users.find((u) => u.id === person.oktaId)?.password ?? '(see okta-sim/seeds/demo.json)',
    role: person.role,
  }));
}

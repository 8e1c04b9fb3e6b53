import type { SimSeed } from '../../../../okta-sim/index';

export const ALICE = '00uAlice000000000001';
export const BOB = '00uBob0000000000002a';
export const CAROL = '00uCarol00000000003b';
export const MARKETING = '00gMarketing00000001';
export const SUPPORT = '00gSupport0000000002';

export const TEST_SEED: SimSeed = {
  users: [
    {
      id: ALICE,
      login: 'alice@example.com',
      email: 'alice@example.com',
      firstName: 'Alice',
      lastName: 'Owner',
      password: 'alice-pass-1',
    },
    {
      id: BOB,
      login: 'bob@example.com',
      email: 'bob@example.com',
      firstName: 'Bob',
      lastName: 'Admin',
      password: 'bob-pass-1',
    },
    {
      id: CAROL,
      login: 'carol@example.com',
      email: 'carol@example.com',
      firstName: 'Carol',
      lastName: 'User',
      password: 'carol-pass-1',
    },
  ],
  groups: [
    { id: MARKETING, name: 'Marketing', description: 'Brand team', members: [ALICE, CAROL] },
    { id: SUPPORT, name: 'Support', members: [BOB] },
  ],
  demoAccounts: [{ username: 'brand@contentzilla.test', password: 'hunter2-brand', totpSecret: 'JBSWY3DPEHPK3PXP' }],
};

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SimSeed } from '../../../okta-sim/seed';

describe('SimSeed', () => {
  it('accepts the demo seed: an owner, an admin, users, a login-only user, two groups, TOTP accounts', async () => {
    const raw: unknown = JSON.parse(
      await readFile(new URL('../../../okta-sim/seeds/demo.json', import.meta.url), 'utf8'),
    );
    const seed = SimSeed.parse(raw);
    expect(seed.users.length).toBeGreaterThanOrEqual(5);
    expect(seed.groups.map((g) => g.name).sort()).toEqual(['Marketing', 'Support']);
    expect(seed.demoAccounts.every((a) => a.totpSecret.length >= 16)).toBe(true);
    expect(seed.latchkeyAppId).toMatch(/^0oa/);
  });

  it('refuses malformed ids and members that are not users', () => {
    const user = {
      id: '00uAlice000000000001',
      login: 'a@x.test',
      email: 'a@x.test',
      firstName: 'A',
      lastName: 'B',
      password: 'p',
    };
    expect(SimSeed.safeParse({ users: [{ ...user, id: 'alice' }] }).success).toBe(false);
    const group = { id: '00gMarketing00000001', name: 'M', members: ['00uNobody00000000000'] };
    expect(SimSeed.safeParse({ users: [user], groups: [group] }).success).toBe(false);
    expect(SimSeed.safeParse({ users: [user], groups: [{ ...group, members: [user.id] }] }).success).toBe(true);
  });
});

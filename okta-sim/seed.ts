import { z } from 'zod';

/**
 * The simulator's starting state. Users and groups mirror Okta's Universal Directory; demo-app
 * accounts are the credentials of the simulated "disconnected app" (never Okta users).
 */
export const SeedUser = z.object({
  id: z.string().regex(/^00u[A-Za-z0-9]{17}$/, 'Okta user ids are 00u + 17 base-62 characters'),
  login: z.string().min(1).max(100),
  email: z.email(),
  firstName: z.string().min(1).max(50),
  lastName: z.string().min(1).max(50),
  password: z.string().min(1),
  status: z.enum(['ACTIVE', 'DEPROVISIONED', 'STAGED', 'SUSPENDED']).default('ACTIVE'),
});
export type SeedUser = z.infer<typeof SeedUser>;

export const SeedGroup = z.object({
  id: z.string().regex(/^00g[A-Za-z0-9]{17}$/, 'Okta group ids are 00g + 17 base-62 characters'),
  name: z.string().min(1).max(255),
  description: z.string().max(1024).default(''),
  members: z.array(z.string()).default([]),
});
export type SeedGroup = z.infer<typeof SeedGroup>;

export const SeedDemoAccount = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  /** Base32 TOTP secret (RFC 6238 via RFC 4226 §4), as an authenticator app would store it. */
  totpSecret: z.string().regex(/^[A-Z2-7]+=*$/, 'base32'),
  displayName: z.string().min(1).optional(),
});
export type SeedDemoAccount = z.infer<typeof SeedDemoAccount>;

export const SimSeed = z
  .object({
    users: z.array(SeedUser).default([]),
    groups: z.array(SeedGroup).default([]),
    demoAccounts: z.array(SeedDemoAccount).default([]),
    /** Fixed id for the "Latchkey" app integration, so scripts can name it; random when absent. */
    latchkeyAppId: z
      .string()
      .regex(/^0oa[A-Za-z0-9]{17}$/, 'Okta app ids are 0oa + 17 base-62 characters')
      .optional(),
  })
  .superRefine((seed, ctx) => {
    const userIds = new Set(seed.users.map((u) => u.id));
    for (const [gi, group] of seed.groups.entries()) {
      for (const [mi, member] of group.members.entries()) {
        if (!userIds.has(member)) {
          ctx.addIssue({ code: 'custom', path: ['groups', gi, 'members', mi], message: `unknown user ${member}` });
        }
      }
    }
  });
export type SimSeed = z.input<typeof SimSeed>;
export type ParsedSeed = z.output<typeof SimSeed>;

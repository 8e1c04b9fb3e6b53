/**
 * What a Login-only user's replica receives, field by field, pulled over real HTTP: the accounts
 * they may log in to and nothing to reveal or relink — no password or TOTP secret, no SCIM
 * external ID of any user, no Okta group id of any team, no record of an account they cannot use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { COLLECTION_NAMES, type CollectionName } from '../../domain/wire/collections';
import { rotateScimToken } from '../../sync-server/scim/token';

let world: SyncWorld;
const replica = new Map<CollectionName, Record<string, unknown>[]>();

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  const { token: scimToken } = await rotateScimToken(world.server.db, 'test');
  // A team linked to an Okta group, with the Login-only user in it.
  const linked = await fetch(`${world.server.url}/scim/v2/Groups`, {
    method: 'POST',
    headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      displayName: 'Linked',
      externalId: '00g1linkedgroup0001',
      members: [{ value: world.users.lou.id }],
    }),
  });
  expect(linked.status).toBe(201);
  const token = await world.token('lou');
  for (const collection of COLLECTION_NAMES) {
    const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/pull?limit=2000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    replica.set(collection, ((await res.json()) as { documents: Record<string, unknown>[] }).documents);
  }
});
afterAll(async () => {
  await world?.close();
});

describe("a Login-only user's replica holds nothing they may not have", () => {
  it('no credentials at all, even for the account they may log in to', () => {
    expect(replica.get('credentials')).toEqual([]);
  });

  it('only the account they may log in to', () => {
    expect(replica.get('accounts')?.map((a) => a.id)).toEqual(['acct-shared']);
  });

  it('no SCIM external ID of any user, their own included', () => {
    const users = replica.get('users') ?? [];
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((u) => u.externalId !== null)).toEqual([]);
  });

  it('no Okta group id of any team', () => {
    const teams = replica.get('teams') ?? [];
    expect(teams.map((t) => t.displayName)).toContain('Linked');
    expect(teams.filter((t) => t.oktaGroupId !== null)).toEqual([]);
  });

  it('no share of an item they cannot use', () => {
    const shares = replica.get('shares') ?? [];
    expect(shares.every((s) => s.itemId === 'acct-shared')).toBe(true);
  });
});

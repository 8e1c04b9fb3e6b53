/**
 * The launch secrets route hands a Login-only user's login window the password their replica
 * never holds. Attacks through real HTTP: asking without a launch, with a guessed or someone
 * else's launch id, twice, for an account the caller cannot use, or after access was removed.
 * Each is refused before anything about the account or its secrets is revealed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

async function call(person: Person, path: string, body?: unknown) {
  const res = await fetch(`${world.server.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await world.token(person)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as { launchId?: string; error?: { code: string } } };
}
const authorize = (person: Person, account: string) => call(person, `/api/v1/launch/${account}/authorize`);
const secrets = (person: Person, account: string, launchId: string) =>
  call(person, `/api/v1/launch/${account}/secrets`, { launchId });

describe('launch secrets', () => {
  it('refuses a guessed launch id, and a member with no role gets the same refusal for real and unknown accounts', async () => {
    const guessed = await secrets('lou', 'acct-shared', 'guessed-launch-id-0001');
    expect(guessed.status).toBe(403);
    expect(guessed.json.error?.code).toBe('launch_not_waiting');
    expect(guessed.text).not.toContain('secret-of');

    // Cy holds no role on acct-private: refused by the policy, before any launch is looked up.
    const real = await secrets('cy', 'acct-private', 'guessed-launch-id-0001');
    const unknown = await secrets('cy', 'acct-nobody-has', 'guessed-launch-id-0001');
    expect(real.status).toBe(403);
    expect(real.json.error?.code).toBe('no_item_role');
    expect(unknown.status).toBe(real.status);
    expect(unknown.json.error?.code).toBe(real.json.error?.code);
  });

  it('a launch id of one account opens no other account, and works once', async () => {
    const launch = await authorize('lou', 'acct-shared');
    expect(launch.status).toBe(200);
    const launchId = launch.json.launchId ?? '';
    // Ada may use acct-private, Lou may not: Lou's id does not open it for Lou, nor Ada's door for Lou.
    expect((await secrets('lou', 'acct-private', launchId)).json.error?.code).toBe('no_item_role');
    expect((await secrets('ada', 'acct-shared', launchId)).json.error?.code).toBe('launch_not_waiting');
    const first = await secrets('lou', 'acct-shared', launchId);
    expect(first.status).toBe(200);
    expect(first.text).toContain('secret-of-acct-shared');
    const replay = await secrets('lou', 'acct-shared', launchId);
    expect(replay.status).toBe(403);
    expect(replay.text).not.toContain('secret-of');
  });

  it('access removed between the authorisation and the secrets ends the launch', async () => {
    const launch = await authorize('lou', 'acct-shared');
    expect(launch.status).toBe(200);
    await removeRecords(world.server, 'shares', ['sh-ops-shared']);
    const after = await secrets('lou', 'acct-shared', launch.json.launchId ?? '');
    expect(after.status).toBe(403);
    expect(after.json.error?.code).toBe('no_item_role');
    expect(after.text).not.toContain('secret-of');
  });

  it('refuses a body that is not just the launch id', async () => {
    // Bob, a direct collaborator, passes the policy: the body is what is refused.
    const extra = await call('bob', '/api/v1/launch/acct-shared/secrets', { launchId: 'x'.repeat(20), all: true });
    expect(extra.status).toBe(400);
    const none = await call('bob', '/api/v1/launch/acct-shared/secrets');
    expect(none.status).toBe(400);
  });
});

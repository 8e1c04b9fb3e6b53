/**
 * Someone who can reach the SCIM endpoint guesses the SCIM token. Each wrong guess is counted
 * per address; past a small budget the address is answered 429 with `Retry-After` before any
 * token is looked at, the right one included, until the budget refills.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { DEFAULT_FAILED_AUTH_LIMIT } from '../../sync-server/http/rate-limit';
import { rotateScimToken } from '../../sync-server/scim/token';

let world: SyncWorld;
let scimToken: string;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  scimToken = (await rotateScimToken(world.server.db, 'test')).token;
});
afterAll(async () => {
  await world?.close();
});

async function users(token: string | null) {
  const res = await fetch(`${world.server.url}/scim/v2/Users?count=1`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

describe('a SCIM token cannot be guessed at speed', () => {
  it('answers 429 with Retry-After once an address has used up its failed attempts', async () => {
    // Successful requests cost nothing from the failure budget.
    for (let i = 0; i < 3; i++) expect((await users(scimToken)).status).toBe(200);
    // Guess until refused; the budget refills slowly, so a slow machine may see a few more 401s.
    const answers: number[] = [];
    let refused: { status: number; retryAfter: string | null } | undefined;
    while (refused === undefined && answers.length < DEFAULT_FAILED_AUTH_LIMIT.burst * 2) {
      const answer = await users(answers.length % 2 === 0 ? `guess-${answers.length}` : null);
      if (answer.status === 429) refused = answer;
      else answers.push(answer.status);
    }
    expect(answers.length).toBeGreaterThanOrEqual(DEFAULT_FAILED_AUTH_LIMIT.burst);
    expect(new Set(answers)).toEqual(new Set([401]));
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    // The guesser cannot tell a right guess from a wrong one while limited.
    expect((await users(scimToken)).status).toBe(429);
  });
});

/**
 * The sync server remembers access tokens whose signature it checked, so a desktop's every pull
 * and push does not pay for RSA again. Remembering must never stretch a token's life: one that
 * worked is refused the moment it expires, and a token that failed is never remembered as good.
 * Time is moved with the test clock (only `Date`), through the real HTTP interface.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('pglite');
});

afterAll(async () => {
  await world?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

async function pull(token: string): Promise<{ status: number; message?: string }> {
  const res = await fetch(`${world.server.url}/api/v1/replication/accounts/pull`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, ...(body.error ? { message: body.error.message } : {}) };
}

describe('verified access tokens', () => {
  it('a token that worked is refused once it expires, however often it was used', async () => {
    const token = await world.token('bob', { expiresInSeconds: 60 });
    for (let i = 0; i < 3; i++) expect((await pull(token)).status).toBe(200);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 120_000 });
    const late = await pull(token);
    expect(late.status).toBe(401);
    expect(late.message).toMatch(/expired/i);
  });

  it('a token with a forged signature is refused every time, even after the real one was used', async () => {
    const token = await world.token('bob');
    expect((await pull(token)).status).toBe(200);
    const [header, payload] = token.split('.');
    // Ada's claims under Bob's signature: a different token, so nothing remembered applies.
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, uid: world.users.ada.externalId })).toString(
      'base64url',
    );
    const forged = `${header}.${forgedPayload}.${token.split('.')[2]}`;
    for (let i = 0; i < 2; i++) expect((await pull(forged)).status).toBe(401);
  });
});

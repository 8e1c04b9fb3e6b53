import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetworkSwitch, startNetworkSwitch } from '../../../dev/stack/network-switch';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import type { StreamEvent } from '../../../domain/wire/replication';
import type { TokenResult } from '../../../main/services/session/session-service';
import type { TokenSource } from '../../../main/services/sync-proxy/authed-request';
import { createSyncProxy } from '../../../main/services/sync-proxy/sync-proxy';

/**
 * Tokens as the session service would hand them out, minted by the simulator's real signing key:
 * `first` is what accessToken() returns, `renewed` what a refresh returns.
 */
function tokenSource(first: () => Promise<string>, renewed: () => Promise<string>) {
  let current: Promise<string> = first();
  const source = {
    refreshes: 0,
    async accessToken(): Promise<TokenResult> {
      return { ok: true, value: await current };
    },
    async refreshNow(): Promise<TokenResult> {
      source.refreshes += 1;
      current = renewed();
      return { ok: true, value: await current };
    },
  } satisfies TokenSource & { refreshes: number };
  return source;
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Bounded wait for a condition driven by events (no sleeps for synchronisation). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('sync proxy against the real sync server', () => {
  let world: SyncWorld;
  const fresh = (person: Person) => () => world.token(person);

  beforeAll(async () => {
    world = await startSyncWorld('pglite');
  });
  afterAll(async () => world?.close());

  it('pulls with the bearer token: the user gets what they may see, then nothing new from the checkpoint', async () => {
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens: tokenSource(fresh('bob'), fresh('bob')) });
    const first = await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 100 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const ids = first.value.documents.map((doc) => doc.id);
    expect(ids).toContain('acct-shared');
    expect(ids).not.toContain('acct-private');
    expect(proxy.connectivity()).toBe('online');

    const again = await proxy.pull({ collection: 'accounts', checkpoint: first.value.checkpoint, limit: 100 });
    expect(again).toMatchObject({ ok: true, value: { documents: [] } });
    proxy.close();
  });

  it('refreshes once and retries when the server rejects an expired token', async () => {
    const tokens = tokenSource(() => world.token('bob', { expiresInSeconds: -120 }), fresh('bob'));
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens });
    const result = await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 10 });
    expect(result.ok).toBe(true);
    expect(tokens.refreshes).toBe(1);
    proxy.close();
  });

  it('gives up after one retry when even the refreshed token is refused', async () => {
    const wrongAudience = () => world.token('bob', { audience: 'api://someone-else' });
    const tokens = tokenSource(wrongAudience, wrongAudience);
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens });
    expect(await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 10 })).toMatchObject({
      ok: false,
      code: 'unauthorized',
      status: 401,
    });
    expect(tokens.refreshes).toBe(1);
    proxy.close();
  });

  it("passes on the server's reason when the user is not provisioned", async () => {
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens: tokenSource(fresh('zed'), fresh('zed')) });
    const result = await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 10 });
    expect(result).toMatchObject({ ok: false, code: 'user_not_provisioned', status: 403 });
    expect(!result.ok && result.reason).toMatch(/Okta/);
    proxy.close();
  });

  it('reports offline as a value when the server cannot be reached', async () => {
    const proxy = createSyncProxy({
      syncServerUrl: await closedPortUrl(),
      tokens: tokenSource(fresh('bob'), fresh('bob')),
    });
    const seen: string[] = [];
    proxy.onConnectivity((state) => seen.push(state));
    expect(await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 10 })).toMatchObject({
      ok: false,
      code: 'offline',
    });
    expect(proxy.connectivity()).toBe('offline');
    expect(seen).toEqual(['offline']);
    proxy.close();
  });

  it('pushes a change and returns no conflict when the user may make it', async () => {
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens: tokenSource(fresh('ada'), fresh('ada')) });
    const pulled = await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 100 });
    const doc = pulled.ok ? pulled.value.documents.find((d) => d.id === 'acct-private') : undefined;
    expect(doc).toBeDefined();
    const pushed = await proxy.push({
      collection: 'accounts',
      rows: [{ assumedMasterState: doc, newDocumentState: { ...doc, name: 'Vendor portal (renamed)' } }],
    });
    expect(pushed).toEqual({ ok: true, value: { conflicts: [] } });
    proxy.close();
  });

  it('passes allow-listed api calls through with the bearer token', async () => {
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens: tokenSource(fresh('ada'), fresh('ada')) });
    const status = await proxy.api('GET', '/api/v1/okta/status');
    expect(status).toMatchObject({ ok: true, value: { status: 200 } });
    proxy.close();
  });

  it('refuses api paths outside the allow-list without calling the server', async () => {
    const tokens = tokenSource(fresh('ada'), fresh('ada'));
    const proxy = createSyncProxy({ syncServerUrl: world.server.url, tokens });
    expect(await proxy.api('GET', '/api/v1/replication/stream')).toMatchObject({
      ok: false,
      code: 'route_not_allowed',
    });
    expect(await proxy.api('POST', '/scim/v2/Users', {})).toMatchObject({ ok: false, code: 'route_not_allowed' });
    expect(proxy.connectivity()).toBe('unknown');
    proxy.close();
  });

  describe('live stream', () => {
    let relay: NetworkSwitch;
    beforeAll(async () => {
      relay = await startNetworkSwitch(world.server.url);
    });
    afterAll(async () => relay?.close());

    it('relays changes, survives a dropped connection, and says RESYNC once after reconnecting', async () => {
      const proxy = createSyncProxy({
        syncServerUrl: relay.url,
        tokens: tokenSource(fresh('ada'), fresh('ada')),
        backoff: { baseMs: 20, capMs: 200 },
      });
      const events: StreamEvent[] = [];
      const connectivity: string[] = [];
      proxy.onConnectivity((state) => connectivity.push(state));
      proxy.subscribe((event) => events.push(event));
      await until(() => events.length >= 1, 'the first RESYNC');
      expect(events).toEqual([{ type: 'RESYNC' }]);

      // A write by someone else: the stream names the collection, without record data.
      const direct = createSyncProxy({
        syncServerUrl: world.server.url,
        tokens: tokenSource(fresh('ada'), fresh('ada')),
      });
      const pulled = await direct.pull({ collection: 'accounts', checkpoint: null, limit: 100 });
      const doc = pulled.ok ? pulled.value.documents.find((d) => d.id === 'acct-shared') : undefined;
      await direct.push({
        collection: 'accounts',
        rows: [{ assumedMasterState: doc, newDocumentState: { ...doc, name: 'Brand Instagram (EU)' } }],
      });
      await until(() => events.some((e) => e.type === 'change'), 'a change event');
      const change = events.find((e) => e.type === 'change');
      expect(change?.type === 'change' && change.collections).toContain('accounts');
      expect(JSON.stringify(events)).not.toContain('Brand Instagram (EU)');

      // A dropped connection: every open one dies, the next ones go through.
      relay.disconnect();
      relay.reconnect();
      const before = events.length;
      await until(() => connectivity.includes('offline'), 'offline after the drop');
      await until(() => events.length > before && connectivity.at(-1) === 'online', 'the reconnect');
      expect(events.slice(before)).toEqual([{ type: 'RESYNC' }]);

      proxy.close();
      direct.close();
    });

    it('refreshes the token when the stream is refused with 401, then connects', async () => {
      const tokens = tokenSource(() => world.token('ada', { expiresInSeconds: -120 }), fresh('ada'));
      const proxy = createSyncProxy({
        syncServerUrl: world.server.url,
        tokens,
        backoff: { baseMs: 20, capMs: 200 },
      });
      const events: StreamEvent[] = [];
      proxy.subscribe((event) => events.push(event));
      await until(() => events.length >= 1, 'the stream after refresh');
      expect(events).toEqual([{ type: 'RESYNC' }]);
      expect(tokens.refreshes).toBe(1);
      proxy.close();
    });
  });
});

import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../../../dev/stack/workspace-factory';
import { createSyncProxy } from '../../../../../main/services/sync-proxy/sync-proxy';

// Main is where the sync server's answers enter, and the only place they are parsed with the
// wire schemas: the renderer takes the typed page as main hands it on (sync-handlers.ts).
function proxyAnswering(body: unknown) {
  return createSyncProxy({
    syncServerUrl: 'http://127.0.0.1:9',
    tokens: {
      accessToken: async () => ({ ok: true, value: 'access-token' }),
      refreshNow: async () => ({ ok: true, value: 'access-token' }),
    },
    fetch: async () =>
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

const live = { ...makeAccount({ id: 'acct-1', name: 'Brand Instagram' }), _deleted: false };

describe('the sync proxy parses the server’s answers with the wire schemas', () => {
  it('hands on a pull page in the contract, keys the wire does not name stripped', async () => {
    const proxy = proxyAnswering({ documents: [{ ...live, extra: 'not in the wire' }], checkpoint: { seq: 7 } });
    const page = await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 10 });
    expect(page).toEqual({ ok: true, value: { documents: [live], checkpoint: { seq: 7 } } });
  });

  it('turns a pull page outside the wire contract into bad_response, never echoing a value', async () => {
    const proxy = proxyAnswering({ documents: [{ id: 'x', password: 'hunter2' }], checkpoint: { seq: 1 } });
    const page = await proxy.pull({ collection: 'accounts', checkpoint: null, limit: 10 });
    expect(page).toMatchObject({ ok: false, code: 'bad_response', status: 200 });
    expect(JSON.stringify(page)).not.toContain('hunter2');
  });

  it('turns a push answer outside the wire contract into bad_response', async () => {
    const proxy = proxyAnswering({ conflicts: [{ document: { name: 'no id' } }] });
    expect(await proxy.push({ collection: 'accounts', rows: [] })).toMatchObject({ ok: false, code: 'bad_response' });
  });
});

/**
 * An owner (or anyone who can edit an account) points its login URL at plain http on the
 * network, so the password the next launch types travels in clear to whoever sits on the path.
 * Through a real replication push to a real server, then the real autofill engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import type { Account } from '../../domain/records';
import { type AutofillDriver, autofill } from '../../main/services/launcher/autofill-engine';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

async function pushAsAda(rows: unknown[]) {
  return fetch(`${world.server.url}/api/v1/replication/accounts/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await world.token('ada')}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
}

describe('a login URL is https (plain http only to this machine)', () => {
  it('refuses http to a network host from the account’s owner, and stores nothing', async () => {
    const account = (await world.server.repo.get(world.server.db, 'accounts', 'acct-shared')) as Account;
    const seq = await world.server.repo.headSeq(world.server.db);
    for (const loginUrl of ['http://login.example.com/', 'http://10.0.0.5/login', 'http://127.0.0.1.evil.example/']) {
      const res = await pushAsAda([
        {
          newDocumentState: { ...account, loginUrl, _deleted: false },
          assumedMasterState: { ...account, _deleted: false },
        },
      ]);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('https');
    }
    expect(await world.server.repo.get(world.server.db, 'accounts', 'acct-shared')).toEqual(account);
    expect(await world.server.repo.headSeq(world.server.db)).toBe(seq);
  });

  it('accepts https and loopback http (the demo)', async () => {
    for (const loginUrl of ['https://login.example.com/', 'http://127.0.0.1:7100/demo']) {
      const current = (await world.server.repo.get(world.server.db, 'accounts', 'acct-private')) as Account;
      const res = await pushAsAda([
        {
          newDocumentState: { ...current, loginUrl, _deleted: false },
          assumedMasterState: { ...current, _deleted: false },
        },
      ]);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ conflicts: [] });
      expect(await world.server.repo.get(world.server.db, 'accounts', 'acct-private')).toMatchObject({ loginUrl });
    }
  });

  it('the autofill engine opens no page for an http login URL an older record may still hold', async () => {
    const opened: string[] = [];
    const driver: AutofillDriver = {
      open: async (url) => void opened.push(url),
      describe: async () => ({ origin: 'http://login.example.com', fields: [] }),
      fill: async () => 'filled',
      submit: async () => true,
      currentUrl: async () => 'http://login.example.com/',
    };
    const result = await autofill(driver, {
      loginUrl: 'http://login.example.com/',
      username: 'u',
      password: 'p',
      totpSecret: null,
      selectors: null,
    });
    expect(result).toMatchObject({ ok: false, code: 'insecure_login_url' });
    expect(opened).toEqual([]);
  });
});

/**
 * The server's read-modify-write transactions (Okta status, turning the feature on or off, sync
 * and extend actions) on PostgreSQL, where transactions run at READ COMMITTED: a write committed
 * by someone else between the read and the write must not be undone. Found as a rare failure of
 * propagation.test.ts: a write to the settings, based on a read made just before an admin turned
 * Extended account access off, turned it back on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaStack, startOktaStack } from '../../../dev/stack/okta-stack';
import { makeAccount } from '../../../dev/stack/workspace-factory';
import { setFeature } from '../../../sync-server/okta/extension-actions';
import { writeStatus } from '../../../sync-server/okta/sync-status';
import type { Queryable } from '../../../sync-server/store/db';
import { concurrently as concurrentlyOn, interleaved } from './interleave';

const ADMIN = { type: 'system', name: 'test: admin' } as const;
let stack: OktaStack;

beforeAll(async () => {
  stack = await startOktaStack({ users: 2 });
});
afterAll(async () => stack?.close());

/** Right after the transaction's first read of a record, as another request would interleave. */
const READ_OF_A_RECORD = /^\s*select\b[\s\S]*\bfrom records\b/i;
const concurrently = (write: (tx: Queryable) => Promise<unknown>) => concurrentlyOn(stack.server.db, write);

describe('read-modify-write on PostgreSQL', () => {
  it('turning Extended account access off keeps a workspace rename made meanwhile', async () => {
    const { db, repo } = stack.server;
    await db.transaction((tx) => setFeature(tx, repo, true, ADMIN));
    let rename = { finished: Promise.resolve() };
    await db.transaction((tx) =>
      setFeature(
        interleaved(
          tx,
          async () => {
            rename = await concurrently(async (other) => {
              const settings = await repo.getForUpdate(other, 'settings', 'workspace');
              if (settings) await repo.put(other, 'settings', { ...settings, name: 'Acme EU' }, ADMIN);
            });
          },
          READ_OF_A_RECORD,
        ),
        repo,
        false,
        ADMIN,
      ),
    );
    await rename.finished;
    expect(await repo.get(db, 'settings', 'workspace')).toMatchObject({
      name: 'Acme EU',
      extendedAccessEnabled: false,
    });
  });

  it("an account's Okta status write keeps a rename its owner made meanwhile", async () => {
    const { db, repo } = stack.server;
    // Feature off: this stack's worker leaves the account to this test's own status write.
    await db.transaction((tx) => setFeature(tx, repo, false, ADMIN));
    await stack.seed({ accounts: [makeAccount({ id: 'rmw-1', name: 'Old name', extensionState: 'pending' })] });
    let rename = { finished: Promise.resolve() };
    await db.transaction((tx) =>
      writeStatus(
        interleaved(
          tx,
          async () => {
            // As a push does: the write lock first, then the read.
            rename = await concurrently(async (other) => {
              const account = await repo.getForUpdate(other, 'accounts', 'rmw-1');
              if (account) await repo.put(other, 'accounts', { ...account, name: 'New name' }, ADMIN);
            });
          },
          READ_OF_A_RECORD,
        ),
        repo,
        'rmw-1',
        { outcome: 'synced', lastError: null, oktaAppId: '0oa-rmw', at: new Date().toISOString() },
      ),
    );
    await rename.finished;
    const account = await repo.get(db, 'accounts', 'rmw-1');
    expect(account).toMatchObject({ name: 'New name', extensionState: 'synced', oktaAppId: '0oa-rmw' });
  });
});

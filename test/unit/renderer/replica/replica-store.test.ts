/**
 * The replica store opens one RxDB database per signed-in person. A lock closes it and the unlock
 * opens it again: the same database, which cannot be opened twice. When closing takes longer than
 * the person's Okta re-authentication (a large replica, replication still stopping), the unlock's
 * open must wait for that close instead of opening the database a second time beside it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LatchkeyApi, SessionStatus } from '../../../../domain/ipc-contract';

const opened: { close: ReturnType<typeof vi.fn> }[] = [];
let closeGate: Promise<void> = Promise.resolve();

vi.mock('../../../../renderer/src/replica/open-replica', () => ({
  openReplica: vi.fn(async () => {
    const collection = { find: () => ({ exec: async () => [] }) };
    const replica = {
      collections: { accounts: collection, shares: collection, users: collection },
      close: vi.fn(() => closeGate),
      remove: vi.fn(async () => undefined),
    };
    opened.push(replica);
    return replica;
  }),
}));
vi.mock('../../../../renderer/src/replica/first-screen', () => ({
  readFirstScreen: vi.fn(async () => ({
    accountTotal: 0,
    accounts: [],
    rotationRequired: [],
    users: [],
    collections: [],
  })),
}));
vi.mock('../../../../renderer/src/replica/replication', () => ({
  startReplication: vi.fn(() => ({
    stop: async () => undefined,
    firstPull: () => new Promise(() => undefined),
  })),
}));

const { closeReplica, openReplicaFor, useReplica } = await import('../../../../renderer/src/replica/replica-store');

const status: SessionStatus = {
  signedIn: true,
  user: { subject: 'ada', email: 'ada@example.com', name: 'Ada' },
  remembered: true,
  persistenceUnavailableReason: null,
};

/** A host that answers the replica key and nothing else (the rest fails as offline would). */
const api = {
  invoke: vi.fn(async (channel: string) =>
    channel === 'replica:key'
      ? { ok: true, value: { ok: true, value: { key: 'k'.repeat(43) } } }
      : { ok: true, value: { ok: false, code: 'offline', reason: 'offline' } },
  ),
  on: vi.fn(() => () => undefined),
} as unknown as LatchkeyApi;

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    },
  });
});
afterEach(async () => {
  closeGate = Promise.resolve();
  await closeReplica();
  opened.splice(0);
  vi.unstubAllGlobals();
});

describe('replica store', () => {
  it('an unlock that comes while the lock is still closing the replica opens it only once it is closed', async () => {
    await openReplicaFor(api, status);
    expect(useReplica.getState().phase).toBe('ready');

    let finishClose!: () => void;
    closeGate = new Promise<void>((resolve) => {
      finishClose = resolve;
    });
    const locking = closeReplica();
    const unlocking = openReplicaFor(api, status);
    // Let the unlock's open run as far as it would without the close.
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
    expect(opened).toHaveLength(1);

    finishClose();
    await Promise.all([locking, unlocking]);
    expect(opened).toHaveLength(2);
    expect(useReplica.getState().phase).toBe('ready');
  });

  it('two opens waiting for the same close open the replica once', async () => {
    await openReplicaFor(api, status);
    let finishClose!: () => void;
    closeGate = new Promise<void>((resolve) => {
      finishClose = resolve;
    });
    const locking = closeReplica();
    const both = Promise.all([openReplicaFor(api, status), openReplicaFor(api, status)]);
    finishClose();
    await Promise.all([locking, both]);
    expect(opened).toHaveLength(2);
    expect(useReplica.getState().phase).toBe('ready');
  });
});

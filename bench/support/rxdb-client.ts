/**
 * One desktop client of the scale-out bench, in a process of its own (RxDB's open core allows 13
 * open collections per process; the app's replica opens 7): the app's own replica stack
 * (dev/stack/app-replica.ts: openReplica, startReplication, main's dispatch and sync proxy)
 * against nginx, editing through renderer/src/replica/writes.ts in a closed loop — one change,
 * then wait until the replica has pushed it, then the next.
 *
 * Every pushed row and the server's answer are reported to the bench (rxdb-client-protocol.ts),
 * seen where the renderer hands them to main (`sync:push`): what the replica considers pushed.
 */

import { type AppReplica, type PushRow, startAppReplica } from '../../dev/stack/app-replica';
import { type PushConflict, PushResponse } from '../../domain/wire/replication';
import type { TokenResult } from '../../main/services/session/session-service';
import { shareItem, unshare, updateAccount } from '../../renderer/src/replica/writes';
import { FromClient, ToClient } from './rxdb-client-protocol';

type Init = Extract<ToClient, { type: 'init' }>;

const MARKER = 'm-';
const COLOURS = ['red', 'green', 'blue'];
/** A closed loop waits this long at most for a change to be pushed (then edits on: offline). */
const PUSHED_WITHIN_MS = 30_000;

function send(message: FromClient): void {
  process.send?.(FromClient.parse(message));
}

function markersOf(doc: Record<string, unknown> | null | undefined): string[] {
  const labels = doc?.labels;
  return Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string' && l.startsWith(MARKER)) : [];
}

function pick<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

let init: Init | undefined;
let tokenWaiters: ((token: string) => void)[] = [];
let token = '';
let app: AppReplica | undefined;
let counting = false;
let stopping = false;
let loop: Promise<void> = Promise.resolve();
const pullMs: number[] = [];
const myGrants: string[] = [];
let edits = 0;
let failedWrites = 0;
let failedCalls = 0;

process.on('message', (raw) => {
  const parsed = ToClient.safeParse(raw);
  if (!parsed.success) return fail(new Error(`unexpected message from the bench: ${parsed.error.message}`));
  const message = parsed.data;
  const run = async () => {
    switch (message.type) {
      case 'init':
        await open(message);
        return;
      case 'token': {
        token = message.token;
        const waiting = tokenWaiters;
        tokenWaiters = [];
        for (const resolve of waiting) resolve(message.token);
        return;
      }
      case 'start':
        counting = true;
        loop = editLoop(app as AppReplica);
        return;
      case 'stop':
        stopping = true;
        await loop;
        counting = false;
        await (app as AppReplica).sync();
        send({
          type: 'stopped',
          pullMs,
          edits,
          failedWrites,
          failedCalls,
          streamConnections: (app as AppReplica).streamConnections(),
        });
        return;
      case 'check': {
        const replica = app as AppReplica;
        await replica.sync();
        send({ type: 'checked', diverged: await replica.divergedFromServer() });
        return;
      }
      case 'exit':
        await app?.close();
        process.exit(0);
    }
  };
  run().catch(fail);
});

function fail(error: unknown): void {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}

async function open(given: Init): Promise<void> {
  init = given;
  token = given.token;
  const tokens = {
    accessToken: async (): Promise<TokenResult> => ({ ok: true, value: token }),
    // The session would refresh at Okta; here the bench (which runs the simulator) issues a new one.
    refreshNow: (): Promise<TokenResult> =>
      new Promise((resolve) => {
        tokenWaiters.push((fresh) => resolve({ ok: true, value: fresh }));
        send({ type: 'token-request' });
      }),
  };
  app = await startAppReplica({
    syncServerUrl: given.url,
    tokens,
    deviceId: `bench-rxdb-${given.userIndex}`,
    subject: given.subject,
    observe: (call) => {
      if (!call.result.ok || !isOk(call.result.value)) {
        if (counting) failedCalls += 1;
        return;
      }
      if (call.channel === 'sync:pull') {
        if (counting) pullMs.push(call.ms);
        return;
      }
      const answer = PushResponse.safeParse(call.result.value.value);
      if (!answer.success) return;
      report(call.collection, call.rows, answer.data);
    },
  });
  await app.sync();
  send({ type: 'ready' });
}

function isOk(value: unknown): value is { ok: true; value: unknown } {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true;
}

function report(collection: string, rows: readonly PushRow[], answer: { conflicts: PushConflict[] }): void {
  const conflicts = new Map(answer.conflicts.map((c) => [c.document.id, c]));
  for (const row of rows) {
    const doc = row.newDocumentState;
    const conflict = conflicts.get(doc.id);
    const outcome = conflict === undefined ? 'accepted' : conflict.reason === undefined ? 'stale' : 'refused';
    if (collection === 'accounts') {
      send({
        type: 'account-push',
        id: doc.id,
        markers: markersOf(doc),
        bases: markersOf(row.assumedMasterState),
        outcome,
      });
    } else if (collection === 'shares') {
      const kind = doc._deleted === true ? 'revoke' : row.assumedMasterState ? 'update' : 'grant';
      if (kind === 'grant' && outcome === 'accepted') myGrants.push(doc.id);
      send({ type: 'share-push', id: doc.id, kind, outcome });
    }
  }
}

async function editLoop(replica: AppReplica): Promise<void> {
  while (!stopping) {
    const roll = Math.random();
    try {
      if (roll < 0.1) await share(replica);
      else if (roll < 0.15) await revoke(replica);
      else await edit(replica);
    } catch (error) {
      // An account whose share was just revoked is gone from the replica: pick another next time.
      failedWrites += 1;
      if (failedWrites <= 3) console.error('rxdb client write failed:', error);
    }
  }
}

async function ownedAccountIds(replica: AppReplica): Promise<string[]> {
  const meId = init?.meId;
  const shares = await replica.handle.replica.collections.shares
    .find({ selector: { granteeId: meId, role: 'owner', itemType: 'account' } })
    .exec();
  return shares.map((s) => s.itemId);
}

/** Labels for any account this user sees; the username too, half the time, on accounts they own. */
async function edit(replica: AppReplica): Promise<void> {
  const accounts = await replica.handle.replica.collections.accounts.find().exec();
  const account = pick(accounts);
  if (!account) return;
  const owned = await ownedAccountIds(replica);
  edits += 1;
  const toggled = pick(COLOURS) as string;
  const labels = account.labels.filter((l) => !l.startsWith(MARKER));
  const marker = `${MARKER}${init?.userIndex}.rx-${edits}`;
  await updateAccount(replica.handle, account.id, {
    labels: [...(labels.includes(toggled) ? labels.filter((l) => l !== toggled) : [...labels, toggled]), marker],
    ...(owned.includes(account.id) && Math.random() < 0.5 ? { username: `user-${init?.userIndex}-rx-${edits}` } : {}),
  });
  await replica.handle.pending.settled([{ collection: 'accounts', id: account.id }], PUSHED_WITHIN_MS);
}

/** Shares one of this user's accounts with a user of another group (as Collaborator). */
async function share(replica: AppReplica): Promise<void> {
  const accountId = pick(await ownedAccountIds(replica));
  const grantee = pick(init?.grantees ?? []);
  if (!accountId || !grantee) return edit(replica);
  await shareItem(replica.handle, { type: 'account', id: accountId }, { type: 'user', id: grantee }, 'collaborator');
  await replica.handle.replication.awaitInSync();
}

/** Removes a share this user granted earlier (one the server accepted). */
async function revoke(replica: AppReplica): Promise<void> {
  const shareId = myGrants.shift();
  if (!shareId) return edit(replica);
  await unshare(replica.handle, shareId);
  await replica.handle.replication.awaitInSync();
}

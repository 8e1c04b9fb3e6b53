/**
 * The live stream wakes only the devices a write concerns: a user whose view of some record
 * changed (saw it change, gained it, lost it). Ada owns `acct-shared` (Bob collaborates on it)
 * and `acct-private`; Cy sees neither. Each step waits for the event of the users it concerns;
 * all streams of one server are judged in one pass per notice, in order, so an event wrongly
 * sent to someone else would have reached them before the next step's event.
 */
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, type SyncWorld, startSyncWorld } from '../../../dev/stack/sync-world';
import { makeShare } from '../../../dev/stack/workspace-factory';
import { type StreamEvent, StreamEvent as StreamEventSchema } from '../../../domain/wire/replication';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('postgres');
});

afterAll(async () => {
  await world?.close();
});

/** One device's live stream: every event it received, and a wait for the next matching one. */
class Device {
  readonly events: StreamEvent[] = [];
  private waiters: { match: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }[] = [];
  private source: EventSource | undefined;

  static async open(person: Person): Promise<Device> {
    const device = new Device();
    const token = await world.token(person);
    const opened = device.next((e) => e.type === 'RESYNC');
    device.source = new EventSource(`${world.server.url}/api/v1/replication/stream`, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
    });
    device.source.onmessage = (m) => {
      const event = StreamEventSchema.parse(JSON.parse(m.data));
      device.events.push(event);
      for (const w of device.waiters.filter((w) => w.match(event))) {
        device.waiters.splice(device.waiters.indexOf(w), 1);
        w.resolve(event);
      }
    };
    await opened;
    return device;
  }

  next(match: (e: StreamEvent) => boolean): Promise<StreamEvent> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Collections named by change events received so far. */
  changes(): string[][] {
    return this.events.flatMap((e) => (e.type === 'change' ? [e.collections] : []));
  }

  close(): void {
    this.source?.close();
  }
}

const naming = (collection: string) => (e: StreamEvent) => e.type === 'change' && e.collections.includes(collection);

async function push(person: Person, collection: string, rows: unknown[]): Promise<void> {
  const answer = await world.api(person, 'POST', `/api/v1/replication/${collection}/push`, rows);
  expect(answer).toEqual({ status: 200, body: { conflicts: [] } });
}

describe('live events reach only the users a write concerns', () => {
  it('an edit wakes its owner and collaborator, not a user who cannot see it; a share wakes whoever gains or loses', async () => {
    const [ada, bob, cy] = await Promise.all([Device.open('ada'), Device.open('bob'), Device.open('cy')]);

    // Ada edits the account Bob collaborates on: Ada's and Bob's devices hear of it.
    const shared = await world.server.repo.get(world.server.db, 'accounts', 'acct-shared');
    const before = { ...shared, _deleted: false };
    const adaHears = ada.next(naming('accounts'));
    const bobHears = bob.next(naming('accounts'));
    await push('ada', 'accounts', [
      { newDocumentState: { ...before, labels: ['edited'] }, assumedMasterState: before },
    ]);
    await Promise.all([adaHears, bobHears]);

    // Ada shares her private account with Cy: Cy gains it and hears of it — and of nothing before.
    const share = {
      ...makeShare({ account: 'acct-private' }, { user: world.users.cy }, 'collaborator', 'sh-cy'),
      _deleted: false,
    };
    const cyGains = cy.next(naming('accounts'));
    const adaHearsShare = ada.next(naming('shares'));
    await push('ada', 'shares', [{ newDocumentState: share, assumedMasterState: null }]);
    await Promise.all([cyGains, adaHearsShare]);
    expect(cy.changes()).toHaveLength(1);

    // Ada takes it back: Cy loses it and hears of it; Bob, who never could see it, heard of neither.
    const cyLoses = cy.next(naming('accounts'));
    await push('ada', 'shares', [{ newDocumentState: { id: 'sh-cy', _deleted: true }, assumedMasterState: share }]);
    await cyLoses;
    expect(cy.changes()).toHaveLength(2);
    // A last write that concerns Bob: everything before it has been judged for his stream too.
    const bobHearsLast = bob.next(naming('accounts'));
    const edited = { ...before, labels: ['edited'] };
    await push('ada', 'accounts', [{ newDocumentState: { ...edited, labels: ['last'] }, assumedMasterState: edited }]);
    await bobHearsLast;
    expect(bob.changes()).toHaveLength(2);

    // What the events said is what a pull brings: Cy's replica ends without the account.
    const pulled = await world.api('cy', 'GET', '/api/v1/replication/accounts/pull');
    expect(pulled.body.documents).toEqual([]);
    for (const device of [ada, bob, cy]) device.close();
  });
});

/**
 * Replication push as a guessing oracle: a member who knows a record's id pushes a guess of
 * its content. Whether the guess equals the stored value must not change the answer, and
 * nothing may be written either way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecords } from '../../dev/stack/seed-records';
import { type Person, type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { makeShare } from '../../dev/stack/workspace-factory';

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld('pglite');
  // A share of Ada's private account with Bob: hidden from Cy, whose role Cy could try to guess.
  await seedRecords(world.server, {
    shares: [makeShare({ account: 'acct-private' }, { user: world.users.bob }, 'collaborator', 'sh-hidden')],
  });
});
afterAll(async () => {
  await world?.close();
});

interface Push {
  status: number;
  body: unknown;
}

async function push(person: Person, collection: string, rows: unknown[]): Promise<Push> {
  const res = await fetch(`${world.server.url}/api/v1/replication/${collection}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await world.token(person)}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  return { status: res.status, body: await res.json() };
}

/** What an attacker can observe of the server afterwards: sequence, audit and the stored rows. */
async function footprint(): Promise<unknown> {
  const { db, repo } = world.server;
  const [audit] = await db.query<{ n: string }>('select count(*)::text as n from audit_events');
  return {
    seq: await repo.headSeq(db),
    audit: audit?.n,
    credentials: await repo.get(db, 'credentials', 'acct-shared'),
    privateCredentials: await repo.get(db, 'credentials', 'acct-private'),
    account: await repo.get(db, 'accounts', 'acct-private'),
    collection: await repo.get(db, 'collections', 'coll-team'),
    share: await repo.get(db, 'shares', 'sh-hidden'),
  };
}

const guessCredentials = (accountId: string, password: string) => ({
  id: accountId,
  accountId,
  password,
  totpSecret: 'JBSWY3DPEHPK3PXP',
  updatedAt: new Date().toISOString(),
  _deleted: false,
});

/** Pushes the right and a wrong guess with each assumed state; returns the answers side by side. */
async function bothGuesses(
  person: Person,
  collection: string,
  right: Record<string, unknown>,
  wrong: Record<string, unknown>,
): Promise<{ right: Push[]; wrong: Push[] }> {
  const answers = { right: [] as Push[], wrong: [] as Push[] };
  for (const assumed of [null, undefined]) {
    const row = (doc: Record<string, unknown>) =>
      assumed === undefined ? { newDocumentState: doc } : { newDocumentState: doc, assumedMasterState: assumed };
    answers.right.push(await push(person, collection, [row(right)]));
    answers.wrong.push(await push(person, collection, [row(wrong)]));
  }
  return answers;
}

describe('a member cannot learn whether a guessed secret or hidden field is right by pushing it', () => {
  it('a Login-only collaborator gets the same refusal for the right and a wrong password, and nothing is written', async () => {
    const before = await footprint();
    const answers = await bothGuesses(
      'lou',
      'credentials',
      guessCredentials('acct-shared', 'secret-of-acct-shared'),
      guessCredentials('acct-shared', 'not-the-password'),
    );
    expect(answers.right).toEqual(answers.wrong);
    expect(answers.right[0]?.status).toBe(200);
    expect(answers.right[0]?.body).toMatchObject({ conflicts: [{ reason: 'login_only' }] });
    expect(await footprint()).toEqual(before);
  });

  it('a member without access gets the same refusal for the right and a wrong password, and nothing is written', async () => {
    const before = await footprint();
    const answers = await bothGuesses(
      'cy',
      'credentials',
      guessCredentials('acct-private', 'secret-of-acct-private'),
      guessCredentials('acct-private', 'not-the-password'),
    );
    expect(answers.right).toEqual(answers.wrong);
    expect(answers.right[0]?.body).toMatchObject({
      conflicts: [{ reason: 'no_item_role', document: { id: 'acct-private', _deleted: true } }],
    });
    expect(await footprint()).toEqual(before);
  });

  it("a member without access cannot confirm a hidden account's URL, a collection's name or a share's role", async () => {
    const before = await footprint();
    const account = (await world.server.repo.get(world.server.db, 'accounts', 'acct-private')) as Record<
      string,
      unknown
    >;
    const accountAnswers = await bothGuesses(
      'cy',
      'accounts',
      { ...account, _deleted: false },
      { ...account, loginUrl: 'https://guess.example/login', _deleted: false },
    );
    expect(accountAnswers.right).toEqual(accountAnswers.wrong);
    expect(accountAnswers.right[0]?.body).toMatchObject({ conflicts: [{ reason: 'no_item_role' }] });

    const collection = (await world.server.repo.get(world.server.db, 'collections', 'coll-team')) as Record<
      string,
      unknown
    >;
    const collectionAnswers = await bothGuesses(
      'cy',
      'collections',
      { ...collection, _deleted: false },
      { ...collection, name: 'A guess', _deleted: false },
    );
    expect(collectionAnswers.right).toEqual(collectionAnswers.wrong);

    const share = (await world.server.repo.get(world.server.db, 'shares', 'sh-hidden')) as Record<string, unknown>;
    const shareAnswers = await bothGuesses(
      'cy',
      'shares',
      { ...share, _deleted: false },
      { ...share, role: 'owner', _deleted: false },
    );
    expect(shareAnswers.right).toEqual(shareAnswers.wrong);
    expect(await footprint()).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { makeUser } from '../../../../dev/stack/workspace-factory';
import type { LatchkeyApi } from '../../../../domain/ipc-contract';
import { createMeResolver, findMe, type WhoAmI, whoAmI } from '../../../../renderer/src/replica/who-am-i';

const ada = makeUser({ id: 'user-ada', userName: 'ada@example.com', givenName: 'Ada', role: 'owner' });
const imposter = makeUser({ id: 'user-imposter', userName: 'ADA@example.com' });
const ME = {
  id: ada.id,
  userName: ada.userName,
  givenName: 'Ada',
  familyName: ada.familyName,
  role: 'owner',
  allAccess: false,
};

const served = (status: number, body: unknown) => ({ ok: true, value: { ok: true, value: { status, body } } });
const OFFLINE = { ok: true, value: { ok: false, code: 'offline', reason: 'the sync server cannot be reached' } };

/** A host whose `api:request` answers come from `answers`, one per call, and which records the requests. */
function host(...answers: unknown[]) {
  const sent: unknown[] = [];
  const api = {
    invoke: (async (channel: string, input: unknown) => {
      sent.push({ channel, input });
      return answers.shift() ?? OFFLINE;
    }) as LatchkeyApi['invoke'],
    on: () => () => undefined,
  } satisfies LatchkeyApi;
  return { api, sent };
}

describe('whoAmI', () => {
  it("asks the server's GET /api/v1/me through the host and reads the user it names", async () => {
    const { api, sent } = host(served(200, ME));
    expect(await whoAmI(api)).toEqual({ kind: 'me', me: ME });
    expect(sent).toEqual([{ channel: 'api:request', input: { method: 'GET', path: '/api/v1/me' } }]);
  });

  it('tells a refusal (not provisioned, deactivated) from having no answer (offline, failing, malformed)', async () => {
    const refused = served(403, { error: { code: 'user_not_provisioned', message: 'Not provisioned.' } });
    expect(await whoAmI(host(refused).api)).toEqual({ kind: 'refused' });
    for (const answer of [OFFLINE, served(503, null), served(200, { id: 'user-ada' }), served(200, { user: ME })]) {
      expect(await whoAmI(host(answer).api), JSON.stringify(answer)).toEqual({ kind: 'unknown' });
    }
  });
});

describe('createMeResolver', () => {
  it('asks again after an offline start, and reports the first answer only', async () => {
    const { api, sent } = host(OFFLINE, served(200, ME), served(200, { ...ME, id: 'user-other' }));
    const answers: WhoAmI[] = [];
    const resolver = createMeResolver(api, (answer) => answers.push(answer));
    await resolver.ask();
    expect(answers).toEqual([]);
    // The connection came back: two reports of it ask once.
    await Promise.all([resolver.ask(), resolver.ask()]);
    await resolver.ask();
    expect(answers).toEqual([{ kind: 'me', me: ME }]);
    expect(sent).toHaveLength(2);
  });

  it('reports a refusal too, and then stops asking', async () => {
    const { api, sent } = host(served(403, { error: { code: 'user_inactive', message: 'Deactivated.' } }));
    const answers: WhoAmI[] = [];
    const resolver = createMeResolver(api, (answer) => answers.push(answer));
    await resolver.ask();
    await resolver.ask();
    expect(answers).toEqual([{ kind: 'refused' }]);
    expect(sent).toHaveLength(1);
  });
});

describe('findMe', () => {
  it("finds the server's user by id, never by an e-mail another record shares", () => {
    expect(findMe([imposter, ada], ada.id, null)).toBe(ada);
    expect(findMe([imposter, ada], ada.id, 'ada@example.com')).toBe(ada);
  });

  it('is nobody when the named user is not replicated yet, rather than someone with the same e-mail', () => {
    expect(findMe([imposter], ada.id, 'ada@example.com')).toBeNull();
  });

  it('falls back to the e-mail only while the server has not answered', () => {
    expect(findMe([ada], null, 'Ada@Example.com')).toBe(ada);
    expect(findMe([ada], null, null)).toBeNull();
  });
});

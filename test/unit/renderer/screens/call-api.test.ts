import { describe, expect, it } from 'vitest';
import type { LatchkeyApi } from '../../../../domain/ipc-contract';
import { api as routes } from '../../../../domain/wire/api';
import { callApi } from '../../../../renderer/src/screens/call-api';

const served = (status: number, body: unknown) => ({ ok: true, value: { ok: true, value: { status, body } } });
const OFFLINE = { ok: true, value: { ok: false, code: 'offline', reason: 'the sync server cannot be reached' } };

function host(answer: unknown) {
  const sent: unknown[] = [];
  const api = {
    invoke: (async (_channel: string, input: unknown) => {
      sent.push(input);
      return answer;
    }) as LatchkeyApi['invoke'],
    on: () => () => undefined,
  } satisfies LatchkeyApi;
  return { api, sent };
}

describe('callApi by contract entry', () => {
  it('builds the path from the entry and its params, sends the body, and reads the answer with its schema', async () => {
    const { api, sent } = host(served(200, { on: true, extra: 'dropped' }));
    const outcome = await callApi(api, routes.setAllAccess, { body: { on: true } });
    expect(outcome).toEqual({ ok: true, status: 200, body: { on: true } });
    expect(sent).toEqual([{ method: 'PUT', path: '/api/v1/me/all-access', body: { on: true } }]);

    const team = host(served(200, { userId: 'u-1', linked: false }));
    await callApi(team.api, routes.setTeamRole, { params: { id: 'team a/1' }, body: { role: null } });
    expect(team.sent).toEqual([{ method: 'PUT', path: '/api/v1/teams/team%20a%2F1/role', body: { role: null } }]);
  });

  it('puts only the query values given in the path', async () => {
    const { api, sent } = host(served(200, { entries: [], next: null }));
    await callApi(api, routes.auditLog, { query: { kind: 'launch', userId: undefined, limit: 20 } });
    expect(sent).toEqual([{ method: 'GET', path: '/api/v1/audit?kind=launch&limit=20' }]);
  });

  it('refuses a success the route does not answer, instead of passing it on', async () => {
    const { api } = host(served(200, { on: 'yes' }));
    expect(await callApi(api, routes.setAllAccess, { body: { on: true } })).toMatchObject({
      ok: false,
      status: 200,
      code: 'bad_answer',
    });
  });

  it("names the route's error code and the server's message; a code the route never sends is not trusted", async () => {
    const refused = host(served(403, { error: { code: 'not_super_admin', message: 'Only Super Admins.' } }));
    expect(await callApi(refused.api, routes.setAllAccess, { body: { on: true } })).toEqual({
      ok: false,
      status: 403,
      code: 'not_super_admin',
      message: 'Only Super Admins.',
    });
    const odd = host(served(409, { error: { code: 'team_not_from_okta', message: 'Odd.' } }));
    expect(await callApi(odd.api, routes.setAllAccess, { body: { on: true } })).toMatchObject({
      code: 'bad_answer',
      message: 'Odd.',
    });
  });

  it('says offline in words a person can act on', async () => {
    const { api } = host(OFFLINE);
    expect(await callApi(api, routes.me)).toEqual({
      ok: false,
      status: null,
      code: 'offline',
      message: 'You are offline: this needs the sync server. Try again when you are back online.',
    });
  });
});

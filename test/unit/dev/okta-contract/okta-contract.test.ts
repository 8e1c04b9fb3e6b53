/**
 * The contract checker itself: it must find what departs from Okta's published spec (else a
 * clean contract run proves nothing) and forgive only the documented spec errata.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OktaContract } from '../../../../dev/okta-contract/okta-contract';
import type { RecordedExchange } from '../../../../okta-sim/index';

let contract: OktaContract;
beforeAll(async () => {
  contract = await OktaContract.load();
}, 60_000);

const APP_ID = '0oafxqCAJWWGELFTYASJ';
const bookmarkRequest = {
  name: 'bookmark',
  label: 'Contentzilla - Instagram',
  signOnMode: 'BOOKMARK',
  settings: { app: { url: 'https://sync.example/launch/a1', requestIntegration: false } },
};
const bookmarkAnswer = {
  id: APP_ID,
  name: 'bookmark',
  label: 'Contentzilla - Instagram',
  status: 'ACTIVE',
  created: '2026-12-05T08:00:00.000Z',
  lastUpdated: '2026-12-05T08:00:00.000Z',
  signOnMode: 'BOOKMARK',
  accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
  visibility: {
    autoLaunch: false,
    autoSubmitToolbar: false,
    hide: { iOS: false, web: false },
    appLinks: { login: true },
  },
  features: [],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Okta Expression Language string, not a JS template.
  credentials: { userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' }, signing: {} },
  settings: {
    app: { url: 'https://sync.example/launch/a1', requestIntegration: false },
    notes: { admin: null, enduser: null },
  },
  _links: { users: { href: `https://org.example/api/v1/apps/${APP_ID}/users` } },
};
const error = (code: string) => ({
  errorCode: code,
  errorSummary: 'Not found: Resource not found',
  errorLink: code,
  errorId: 'oaeXYZ',
  errorCauses: [],
});

function exchange(
  request: Partial<RecordedExchange['request']> & Pick<RecordedExchange['request'], 'method' | 'path'>,
  response: Partial<RecordedExchange['response']> & Pick<RecordedExchange['response'], 'status'>,
): RecordedExchange {
  return {
    request: { query: {}, headers: {}, body: undefined, bodyRead: true, ...request },
    response: { headers: {}, body: undefined, ...response },
  };
}

const create = (body: unknown, answer: unknown) =>
  exchange({ method: 'POST', path: '/api/v1/apps', query: { activate: 'true' }, body }, { status: 200, body: answer });

describe('OktaContract', () => {
  it('accepts a bookmark create as Okta documents it, null redirect URLs included', () => {
    expect(contract.check(create(bookmarkRequest, bookmarkAnswer))).toEqual([]);
  });

  it('finds a request body the mapped schema refuses (BOOKMARK needs settings.app.url)', () => {
    const found = contract.check(create({ ...bookmarkRequest, settings: { app: {} } }, bookmarkAnswer));
    expect(found.map((v) => [v.side, v.message])).toEqual([
      ['request', "request body/settings/app must have required property 'url'"],
    ]);
  });

  it('forgives null only where Okta documents it, not a wrong type', () => {
    const wrong = { ...bookmarkAnswer, accessibility: { ...bookmarkAnswer.accessibility, errorRedirectUrl: 42 } };
    expect(contract.check(create(bookmarkRequest, wrong)).map((v) => v.message)).toEqual([
      'response body/accessibility/errorRedirectUrl must be string',
    ]);
    const nullLabel = { ...bookmarkAnswer, status: 'GONE' };
    expect(contract.check(create(bookmarkRequest, nullLabel)).length).toBeGreaterThan(0);
  });

  it('finds a list answer without its Link header, and query parameters the operation does not take', () => {
    const list = exchange(
      { method: 'GET', path: '/api/v1/apps', query: { q: 'Contentzilla', includeNonDeleted: 'true', sort: 'label' } },
      { status: 200, body: [bookmarkAnswer] },
    );
    expect(contract.check(list).map((v) => v.message)).toEqual([
      'query parameter sort is not one the operation takes',
      'a list answer without a Link rel="self" header',
    ]);
  });

  it("checks error bodies for Okta's envelope, on listed and unlisted statuses", () => {
    const notFound = exchange(
      { method: 'GET', path: `/api/v1/apps/${APP_ID}` },
      { status: 404, body: error('E0000007') },
    );
    expect(contract.check(notFound)).toEqual([]);
    const { errorId: _dropped, ...noId } = error('E0000031');
    const badFilter = exchange(
      { method: 'GET', path: '/api/v1/apps', query: { filter: 'user.id eq "x"' } },
      { status: 400, body: noId },
    );
    expect(contract.check(badFilter).map((v) => v.message)).toEqual(['error body has no errorId']);
  });

  it('does not ask for the body of a request refused before it was read, but checks the refusal', () => {
    const limited = exchange(
      { method: 'POST', path: '/api/v1/apps', bodyRead: false },
      { status: 429, body: error('E0000047') },
    );
    expect(contract.check(limited)).toEqual([]);
    const read = exchange({ method: 'POST', path: '/api/v1/apps' }, { status: 429, body: error('E0000047') });
    expect(contract.check(read).map((v) => v.message)).toEqual(['the operation requires a JSON body']);
  });

  it('finds operations the spec does not have and statuses it does not document', () => {
    expect(contract.check(exchange({ method: 'PATCH', path: `/api/v1/apps/${APP_ID}` }, { status: 200 }))).toHaveLength(
      1,
    );
    const deleted = exchange({ method: 'DELETE', path: `/api/v1/apps/${APP_ID}` }, { status: 200, body: {} });
    expect(contract.check(deleted).map((v) => v.message)).toEqual(['status 200 is not one the operation answers']);
  });
});

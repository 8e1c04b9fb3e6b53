/**
 * A fixed set of valid requests, one journey per interface, whose answers must be the same before
 * and after a fuzz run: the fuzzed server still provisions, replicates, authorises launches and
 * refuses what policy refuses exactly as a fresh one. Every probe works on records of its own
 * (named with `tag`), so the answers compare equal once ids, times and the tag are normalised.
 */

import type { SyncWorld } from '../../../dev/stack/sync-world';
import { rotateScimToken } from '../../../sync-server/scim/token';
import { send } from './http-oracle';

const VOLATILE_KEYS = new Set([
  'id',
  'meta',
  'updatedAt',
  'launchId',
  'checkpoint',
  'seq',
  '$ref',
  'value',
  'location',
]);

export async function probeAnswers(world: SyncWorld, tag: string): Promise<unknown[]> {
  const base = world.server.url;
  const { token: scimToken } = await rotateScimToken(world.server.db, 'probe');
  const scim = (method: string, path: string, body?: unknown) =>
    send(base, {
      method,
      path: `/scim/v2${path}`,
      headers: {
        authorization: `Bearer ${scimToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const api = async (person: 'ada' | 'lou' | null, method: string, path: string, body?: unknown) =>
    send(base, {
      method,
      path,
      headers: {
        ...(person ? { authorization: `Bearer ${await world.token(person)}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const email = `probe-${tag}@example.com`;
  const answers: unknown[] = [];
  const record = (label: string, answer: { status: number; json: unknown }) =>
    answers.push({ label, status: answer.status, body: answer.json });

  const created = await scim('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: 'Probe', familyName: tag },
    emails: [{ value: email, primary: true }],
    active: true,
  });
  record('scim create user', created);
  const userId = (created.json as { id: string }).id;
  record('scim filter user', await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`));
  record(
    'scim deactivate user',
    await scim('PATCH', `/Users/${userId}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    }),
  );
  const group = await scim('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: `Probe ${tag}`,
    members: [{ value: userId }],
  });
  record('scim create group', group);
  record('scim read group', await scim('GET', `/Groups/${(group.json as { id: string }).id}`));

  const now = new Date().toISOString();
  const account = {
    id: `acct-probe-${tag}`,
    name: `Probe ${tag}`,
    appName: 'Probe app',
    loginUrl: 'https://probe.example/login',
    username: 'probe',
    labels: ['probe'],
    collectionId: null,
    loginSelectors: null,
    rotationRequired: false,
    extensionState: 'off',
    extendedAt: null,
    lastSyncedAt: null,
    lastError: null,
    oktaAppId: null,
    updatedAt: now,
    _deleted: false,
  };
  const push = (person: 'ada' | 'lou', doc: unknown, assumed: unknown = null) =>
    api(person, 'POST', '/api/v1/replication/accounts/push', [{ newDocumentState: doc, assumedMasterState: assumed }]);
  record('owner creates an account', await push('ada', account));
  const pulled = await api('ada', 'GET', '/api/v1/replication/accounts/pull?limit=2000');
  const mine = (pulled.json as { documents: { id: string }[] }).documents.find((d) => d.id === account.id);
  answers.push({ label: 'owner pulls the account', status: pulled.status, body: mine ?? null });
  record('owner launches', await api('ada', 'POST', `/api/v1/launch/${account.id}/authorize`));
  record('login-only edit refused', await push('lou', { ...account, name: 'Taken over' }, mine));
  record('unknown collection', await api('ada', 'GET', '/api/v1/replication/nothing/pull'));
  record('no token', await api(null, 'GET', '/api/v1/replication/accounts/pull'));
  return normalise(answers, tag);
}

function normalise(value: unknown, tag: string): unknown[] {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(tag).join('TAG');
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !VOLATILE_KEYS.has(k))
          .map(([k, child]) => [k, walk(child)]),
      );
    }
    return v;
  };
  return walk(value) as unknown[];
}

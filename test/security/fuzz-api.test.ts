/**
 * Fuzz: the sync API over real HTTP on a server on its embedded default — replication pull and
 * push for every collection, launch authorisation and the launch page, the REST commands — from
 * people of every role, from no one and with a forged token. For every request: an answer, no
 * 5xx, the wire's error body, and a refusal writes nothing but what the interface documents (a
 * launch is audited allowed or refused). After the run: no prototype changed, and the probes
 * answer as they did on the fresh server.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { type ApiOperation, apiOperation, type Persona } from './fuzz/api-requests';
import { assertParameters, fuzzBudget, testTimeoutFor } from './fuzz/budget';
import {
  ApiErrorShape,
  type FuzzAnswer,
  type FuzzRequest,
  NOTHING,
  prototypeSnapshot,
  sendChecked,
} from './fuzz/http-oracle';
import { probeAnswers } from './fuzz/probes';
import type { Fingerprint } from './support/store-fingerprint';

const budget = fuzzBudget(900);
let world: SyncWorld;
const tokens = new Map<Persona, string>();

beforeAll(async () => {
  world = await startSyncWorld('pglite');
  for (const person of ['ada', 'bob', 'cy', 'lou'] as const) tokens.set(person, await world.token(person));
  tokens.set('forged', `${(await world.token('bob')).slice(0, -8)}AAAAAAAA`);
});
afterAll(async () => {
  await world?.close();
});

describe('fuzz: the sync API', () => {
  it(
    'answers every mutated request with a 2xx or the wire error, and a refusal writes nothing undocumented',
    async () => {
      const prototypes = prototypeSnapshot();
      const fresh = await probeAnswers(world, 'before');
      const statuses = new Map<number, number>();

      await fc.assert(
        fc.asyncProperty(apiOperation, async (op) => {
          const request = toRequest(op);
          const answer = await sendChecked(world.server.url, request, {
            db: world.server.db,
            errorShape: (r) => (r.path.startsWith('/launch/') ? null : ApiErrorShape),
            mayWrite: (a, r) => mayWrite(a, r, op),
          });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }),
        assertParameters(budget),
      );

      console.log(`fuzz sync API: answers by status ${JSON.stringify(Object.fromEntries(statuses))}`);
      expect(prototypeSnapshot()).toEqual(prototypes);
      expect(await probeAnswers(world, 'after')).toEqual(fresh);
    },
    testTimeoutFor(budget, 60_000),
  );
});

const LAUNCHES: ReadonlySet<keyof Fingerprint> = new Set(['launches']);
const HOLDINGS: ReadonlySet<keyof Fingerprint> = new Set(['holdings']);

function mayWrite(
  answer: FuzzAnswer,
  request: FuzzRequest,
  op: ApiOperation,
): ReadonlySet<keyof Fingerprint> | 'anything' {
  const identified = op.persona !== 'none' && op.persona !== 'forged';
  // Every answer to an identified caller is audited, allowed or refused (launch_events).
  if (/^\/api\/v1\/launch\/[^/]+\/authorize$/.test(request.path) && identified && answer.status !== 400)
    return LAUNCHES;
  if (answer.status >= 300) return NOTHING;
  if (request.path.includes('/pull')) return HOLDINGS;
  if (request.path.includes('/push')) {
    // Every row came back as a conflict: nothing of this push was written.
    const sent = rowsIn(request.body);
    const conflicts = (answer.json as { conflicts?: unknown[] }).conflicts?.length ?? 0;
    return sent !== null && conflicts >= sent ? NOTHING : 'anything';
  }
  return request.method === 'GET' ? NOTHING : 'anything';
}

function rowsIn(body: string | undefined): number | null {
  try {
    const parsed: unknown = JSON.parse(body ?? '');
    return Array.isArray(parsed) ? parsed.length : null;
  } catch {
    return null;
  }
}

function toRequest(op: ApiOperation): FuzzRequest {
  // A live stream that is allowed never ends; only its refusals are answers to check.
  const persona = op.path.includes('/stream') && tokens.has(op.persona) ? 'forged' : op.persona;
  const token = tokens.get(persona);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (op.body?.contentType !== undefined) headers['content-type'] = op.body.contentType;
  return { method: op.method, path: op.path, headers, body: op.body?.body };
}

/**
 * Fuzz: SCIM 2.0 (Users, Groups: POST, PUT, PATCH, DELETE, filters, paging) over real HTTP on a
 * server on its embedded default, as an attacker holding the SCIM token. For every request: an
 * answer, no 5xx, SCIM's error body, and nothing written when refused. After the run: no
 * prototype changed, and the probes answer as they did on the fresh server.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SyncWorld, startSyncWorld } from '../../dev/stack/sync-world';
import { rotateScimToken } from '../../sync-server/scim/token';
import { assertParameters, fuzzBudget, testTimeoutFor } from './fuzz/budget';
import { type FuzzRequest, NOTHING, prototypeSnapshot, ScimErrorShape, sendChecked } from './fuzz/http-oracle';
import { probeAnswers } from './fuzz/probes';
import { type ScimIdChoice, type ScimOperation, scimOperation } from './fuzz/scim-requests';

const budget = fuzzBudget(700);
const AUDIT = new Set(['audit'] as const);
let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('pglite');
});
afterAll(async () => {
  await world?.close();
});

describe('fuzz: the SCIM edge', () => {
  it(
    'answers every mutated SCIM request with a 2xx or a SCIM error, and a refusal writes nothing',
    async () => {
      const prototypes = prototypeSnapshot();
      const fresh = await probeAnswers(world, 'before');
      const created: string[] = [];
      const resolveId = (choice: ScimIdChoice): string =>
        'fixed' in choice ? choice.fixed : (created[choice.created % Math.max(1, created.length)] ?? 'none-yet');
      const { token } = await rotateScimToken(world.server.db, 'fuzz');

      await fc.assert(
        fc.asyncProperty(scimOperation, async (op) => {
          const request = toRequest(op, token, resolveId);
          const answer = await sendChecked(world.server.url, request, {
            db: world.server.db,
            errorShape: () => ScimErrorShape,
            // A refused attempt to relink a user to another Okta identity is audited (a takeover try).
            mayWrite: (a) =>
              a.status < 300
                ? 'anything'
                : (a.json as { scimType?: string })?.scimType === 'mutability'
                  ? AUDIT
                  : NOTHING,
          });
          const id = (answer.json as { id?: unknown } | undefined)?.id;
          if (answer.status === 201 && typeof id === 'string') created.push(id);
        }),
        assertParameters(budget),
      );

      expect(prototypeSnapshot()).toEqual(prototypes);
      expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
      expect(await probeAnswers(world, 'after')).toEqual(fresh);
    },
    testTimeoutFor(budget, 60_000),
  );
});

function toRequest(op: ScimOperation, token: string, resolveId: (c: ScimIdChoice) => string): FuzzRequest {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  const base = '/scim/v2';
  switch (op.kind) {
    case 'list': {
      const query = new URLSearchParams();
      if (op.filter !== undefined) query.set('filter', op.filter);
      if (op.startIndex !== undefined) query.set('startIndex', op.startIndex);
      if (op.count !== undefined) query.set('count', op.count);
      return { method: 'GET', path: `${base}/${op.resource}?${query}`, headers, body: undefined };
    }
    case 'get':
    case 'delete':
      return {
        method: op.kind.toUpperCase(),
        path: `${base}/${op.resource}/${resolveId(op.id)}`,
        headers,
        body: undefined,
      };
    case 'post':
    case 'put':
    case 'patch': {
      if (op.body.contentType !== undefined) headers['content-type'] = op.body.contentType;
      if ('ifMatch' in op && op.ifMatch !== undefined) headers['if-match'] = op.ifMatch;
      const path = op.kind === 'post' ? `${base}/${op.resource}` : `${base}/${op.resource}/${resolveId(op.id)}`;
      return { method: op.kind.toUpperCase(), path, headers, body: op.body.body };
    }
    case 'raw':
      return { method: op.method, path: `${base}${op.path}`, headers, body: undefined };
  }
}

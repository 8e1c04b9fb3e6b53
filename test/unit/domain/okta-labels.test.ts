import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignLabels, baseLabel, derivesFrom, type LabelClaim } from '../../../domain/okta-labels';

const DAY1 = '2026-01-01T00:00:00.000Z';
const DAY2 = '2026-01-02T00:00:00.000Z';
const DAY3 = '2026-01-03T00:00:00.000Z';

function claim(accountId: string, base: string, extendedAt: string | null = DAY1): LabelClaim {
  return { accountId, base, extendedAt };
}

describe('Okta app labels', () => {
  it('names an app "<account name> - <app name>" (sync-and-extend seed)', () => {
    expect(baseLabel({ name: 'Contentzilla', appName: 'Instagram' })).toBe('Contentzilla - Instagram');
  });

  it('numbers duplicates (2), (3)… in the order they were extended, whatever the input order', () => {
    const claims = [claim('c', 'Brand - X', DAY3), claim('a', 'Brand - X', DAY2), claim('b', 'Brand - X', DAY1)];
    const labels = assignLabels(claims, new Map());
    expect(Object.fromEntries(labels)).toEqual({ b: 'Brand - X', a: 'Brand - X (2)', c: 'Brand - X (3)' });
    expect(assignLabels([...claims].reverse(), new Map())).toEqual(labels);
  });

  it('breaks ties in extendedAt by account id, compares instants across offsets, and puts unknown times last', () => {
    const labels = assignLabels(
      [claim('z', 'A - B', null), claim('b', 'A - B', '2026-01-01T02:00:00.000+02:00'), claim('a', 'A - B', DAY1)],
      new Map(),
    );
    expect(Object.fromEntries(labels)).toEqual({ a: 'A - B', b: 'A - B (2)', z: 'A - B (3)' });
  });

  it('keeps a numbered label when the unnumbered one goes away, and gives the freed label to a newcomer', () => {
    const before = assignLabels([claim('a', 'A - B', DAY1), claim('b', 'A - B', DAY2)], new Map());
    expect(before.get('b')).toBe('A - B (2)');
    const after = assignLabels([claim('b', 'A - B', DAY2), claim('c', 'A - B', DAY3)], before);
    expect(Object.fromEntries(after)).toEqual({ b: 'A - B (2)', c: 'A - B' });
  });

  it('gives a renamed account the label of its new name and frees its old one', () => {
    const before = assignLabels([claim('a', 'A - B', DAY1), claim('b', 'A - B', DAY2)], new Map());
    const after = assignLabels([claim('a', 'Renamed - B', DAY1), claim('b', 'A - B', DAY2)], before);
    expect(Object.fromEntries(after)).toEqual({ a: 'Renamed - B', b: 'A - B (2)' });
  });

  it('never lets a newcomer take a label an older app already shows', () => {
    const current = new Map([['late', 'A - B']]);
    const labels = assignLabels([claim('early', 'A - B', DAY1), claim('late', 'A - B', DAY3)], current);
    expect(Object.fromEntries(labels)).toEqual({ late: 'A - B', early: 'A - B (2)' });
  });

  it('repairs two apps that show the same label (drift in Okta): the earlier keeps it', () => {
    const current = new Map([
      ['a', 'A - B (2)'],
      ['b', 'A - B (2)'],
    ]);
    const labels = assignLabels([claim('b', 'A - B', DAY2), claim('a', 'A - B', DAY1)], current);
    expect(Object.fromEntries(labels)).toEqual({ a: 'A - B (2)', b: 'A - B' });
  });

  it('keeps labels unique when a name itself looks numbered', () => {
    const labels = assignLabels(
      [claim('a', 'A - B', DAY1), claim('b', 'A - B', DAY2), claim('c', 'A - B (2)', DAY3)],
      new Map(),
    );
    expect(Object.fromEntries(labels)).toEqual({ a: 'A - B', b: 'A - B (2)', c: 'A - B (2) (2)' });
  });

  it('recognises only "base" and "base (n)" with n ≥ 2 as derived from a base', () => {
    expect(derivesFrom('A - B', 'A - B')).toBe(true);
    expect(derivesFrom('A - B (2)', 'A - B')).toBe(true);
    expect(derivesFrom('A - B (17)', 'A - B')).toBe(true);
    expect(derivesFrom('A - B (1)', 'A - B')).toBe(false);
    expect(derivesFrom('A - B (02)', 'A - B')).toBe(false);
    expect(derivesFrom('A - B ()', 'A - B')).toBe(false);
    expect(derivesFrom('A - B (x)', 'A - B')).toBe(false);
    expect(derivesFrom('A - BC', 'A - B')).toBe(false);
    expect(derivesFrom('A - B', 'A - B (2)')).toBe(false);
  });
});

type Op =
  | { kind: 'add'; id: number; name: string; app: string; at: number }
  | { kind: 'remove'; id: number }
  | { kind: 'rename'; id: number; name: string };

const NAMES = ['A', 'A - B', 'Brand', 'B (2)'];
const APPS = ['B', 'B (2)', 'Instagram'];
const idArb = fc.nat(7);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      id: idArb,
      name: fc.constantFrom(...NAMES),
      app: fc.constantFrom(...APPS),
      at: fc.nat(3),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: idArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rename' as const), id: idArb, name: fc.constantFrom(...NAMES) }),
  },
);

describe('Okta app labels (property-based)', () => {
  it('stay unique, derived from their base, lowest-free for newcomers, and stable under add/remove/rename', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const accounts = new Map<string, { name: string; app: string; extendedAt: string }>();
        let labels = new Map<string, string>();
        for (const op of ops) {
          const id = `acct${op.id}`;
          const previous = accounts.get(id);
          if (op.kind === 'add' && previous === undefined) {
            accounts.set(id, { name: op.name, app: op.app, extendedAt: `2026-01-0${op.at + 1}T00:00:00.000Z` });
          } else if (op.kind === 'remove') {
            accounts.delete(id);
          } else if (op.kind === 'rename' && previous !== undefined) {
            accounts.set(id, { ...previous, name: op.name });
          }
          const claims = [...accounts].map(([accountId, a]) =>
            claim(accountId, baseLabel({ name: a.name, appName: a.app }), a.extendedAt),
          );
          const next = assignLabels(claims, labels);

          expect(new Set(next.values()).size).toBe(claims.length);
          const taken = new Set(next.values());
          for (const c of claims) {
            const label = next.get(c.accountId) ?? '';
            expect(derivesFrom(label, c.base)).toBe(true);
            const before = labels.get(c.accountId);
            if (before !== undefined && derivesFrom(before, c.base)) {
              // Same base as in Okta now → the chiclet keeps its name.
              expect(label).toBe(before);
            } else {
              // A newcomer or renamed app: every lower number is in use by another app.
              const n = label === c.base ? 1 : Number(label.slice(c.base.length + 2, -1));
              for (let k = 1; k < n; k++) expect(taken.has(k === 1 ? c.base : `${c.base} (${k})`)).toBe(true);
            }
          }
          expect(assignLabels([...claims].reverse(), labels)).toEqual(next);
          labels = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});

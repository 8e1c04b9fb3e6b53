import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeConflict, mergeSet } from '../../../../domain/wire/conflict-merge';

const base = { id: 'a', name: 'Brand', username: 'brand', labels: ['social'], updatedAt: 't0', _deleted: false };

describe('mergeConflict', () => {
  it('keeps fields only this replica changed and takes the server for the rest', () => {
    const theirs = { ...base, name: 'Brand (EU)', updatedAt: 't1' };
    const mine = { ...base, username: 'brand-eu' };
    expect(mergeConflict({ assumedMasterState: base, realMasterState: theirs, newDocumentState: mine }, false)).toEqual(
      {
        ...base,
        name: 'Brand (EU)',
        username: 'brand-eu',
        updatedAt: 't1',
      },
    );
  });

  it('merges labels added and removed on both sides', () => {
    const theirs = { ...base, labels: ['social', 'brand'] };
    const mine = { ...base, labels: ['urgent'] };
    const merged = mergeConflict({ assumedMasterState: base, realMasterState: theirs, newDocumentState: mine }, false);
    expect(merged.labels).toEqual(['brand', 'urgent']);
  });

  it('takes the server state for a refused change and for a server-side deletion', () => {
    const theirs = { ...base, updatedAt: 't1' };
    const mine = { ...base, name: 'Renamed by a collaborator' };
    expect(mergeConflict({ assumedMasterState: base, realMasterState: theirs, newDocumentState: mine }, true)).toEqual(
      theirs,
    );
    const gone = { id: 'a', _deleted: true };
    expect(
      mergeConflict({ assumedMasterState: base, realMasterState: gone as typeof base, newDocumentState: mine }, false),
    ).toBe(gone);
  });
});

describe('mergeSet', () => {
  it('keeps every label either side added and drops every label either side removed', () => {
    const label = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const set = fc.uniqueArray(label, { maxLength: 6 });
    fc.assert(
      fc.property(set, set, set, (b, mine, theirs) => {
        const merged = new Set(mergeSet(b, mine, theirs));
        for (const v of [...mine, ...theirs]) if (!b.includes(v)) expect(merged.has(v)).toBe(true);
        for (const v of b) if (!mine.includes(v) || !theirs.includes(v)) expect(merged.has(v)).toBe(false);
        expect(merged.size).toBe(mergeSet(b, mine, theirs).length);
      }),
    );
  });
});

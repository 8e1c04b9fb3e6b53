import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeAccount } from '../../../../dev/stack/workspace-factory';
import { inListOrder, LIST_ORDER_MAX_LENGTH, listOrderKey } from '../../../../renderer/src/replica/account-order';

const names = (list: string[]) =>
  inListOrder(list.map((name, i) => makeAccount({ id: `acct-${i}`, name }))).map((account) => account.name);

describe('the order of the Accounts list', () => {
  it('is by name ignoring case and accents, punctuation and spaces before digits before letters', () => {
    expect(names(['banana', 'Éclair', 'apple', 'Zebra', '10 Downing', '(old) Portal', 'eclair pro', 'Apple'])).toEqual([
      '(old) Portal',
      '10 Downing',
      'Apple',
      'apple',
      'banana',
      'Éclair',
      'eclair pro',
      'Zebra',
    ]);
  });

  it('puts a name before the longer names it starts', () => {
    expect(names(['Brand Instagram EU', 'Brand', 'Brand Instagram'])).toEqual([
      'Brand',
      'Brand Instagram',
      'Brand Instagram EU',
    ]);
  });

  it("is localeCompare's for names of Latin letters, digits and spaces that differ beyond case", () => {
    const name = fc.string({ unit: fc.constantFrom(...'aAbBmMzZ059 '), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(name, name, (a, b) => {
        fc.pre(a.toLowerCase() !== b.toLowerCase());
        const ours = listOrderKey(a) < listOrderKey(b) ? -1 : 1;
        expect(ours).toBe(Math.sign(a.localeCompare(b, 'en')));
      }),
      { numRuns: 2_000 },
    );
  });

  it('orders names that fold alike by the name as written, then by id, so every order is total', () => {
    const accounts = [
      makeAccount({ id: 'b', name: 'apple' }),
      makeAccount({ id: 'a', name: 'apple' }),
      makeAccount({ id: 'c', name: 'Apple' }),
    ];
    expect(inListOrder(accounts).map((account) => account.id)).toEqual(['c', 'a', 'b']);
  });

  it('keeps every key within the schema’s maxLength, whatever the name decomposes to', () => {
    // U+FDFA decomposes into 18 characters.
    expect(listOrderKey('\uFDFA'.repeat(200)).length).toBeLessThanOrEqual(LIST_ORDER_MAX_LENGTH);
    expect(listOrderKey('x'.repeat(200)).length).toBeLessThanOrEqual(LIST_ORDER_MAX_LENGTH);
  });
});

import { randomFillSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  CLASS_CHARACTERS,
  DEFAULT_PASSWORD_OPTIONS,
  generatePassword,
  PASSWORD_CLASSES,
  type PasswordClass,
  type RandomValues,
  uniformBelow,
} from '../../../domain/password-generator';

const strong: RandomValues = (bytes) => randomFillSync(bytes);
/** A source that replays bytes from fast-check (at most 64, so a fill always reaches the last one). */
const seeded =
  (seed: number[]): RandomValues =>
  (bytes) => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = seed[i % seed.length] ?? 0;
  };

const options = fc.record({
  length: fc.integer({ min: 8, max: 128 }),
  classes: fc.subarray([...PASSWORD_CLASSES], { minLength: 1 }),
});

describe('generatePassword', () => {
  it('defaults to 20 characters with every class', () => {
    const password = generatePassword(DEFAULT_PASSWORD_OPTIONS, strong);
    expect(password).toHaveLength(20);
    for (const c of PASSWORD_CLASSES) expect([...password].some((ch) => CLASS_CHARACTERS[c].includes(ch))).toBe(true);
  });

  it('has the asked length, a character of each chosen class, and nothing else', () => {
    fc.assert(
      fc.property(
        options,
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 63 }),
        (opts, seed) => {
          // A replayed seed may hold only rejected bytes: keep one that is always accepted.
          const password = generatePassword(opts, seeded([...seed, 0]));
          expect(password).toHaveLength(opts.length);
          const allowed = opts.classes.map((c: PasswordClass) => CLASS_CHARACTERS[c]).join('');
          expect([...password].every((ch) => allowed.includes(ch))).toBe(true);
          for (const c of opts.classes) expect([...password].some((ch) => CLASS_CHARACTERS[c].includes(ch))).toBe(true);
        },
      ),
    );
  });

  it('differs between draws from a strong source', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword(DEFAULT_PASSWORD_OPTIONS, strong)));
    expect(seen.size).toBe(50);
  });

  it('refuses lengths outside 8–128, no class, a repeated or unknown class', () => {
    const bad = [
      { length: 7, classes: ['lower'] },
      { length: 129, classes: ['lower'] },
      { length: 12.5, classes: ['lower'] },
      { length: 20, classes: [] },
      { length: 20, classes: ['lower', 'lower'] },
      { length: 20, classes: ['emoji'] },
    ];
    for (const opts of bad) {
      expect(() => generatePassword(opts as never, strong)).toThrow(ZodError);
    }
  });
});

describe('uniformBelow', () => {
  it('gives every value equally often: bytes past the last whole multiple are thrown away', () => {
    let next = 0;
    const counting: RandomValues = (bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = next++ % 256;
    };
    const below = uniformBelow(counting);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 250; i++) counts[below(10)] += 1;
    expect(counts).toEqual(new Array(10).fill(25));
    // Bytes 250–255 would favour 0–5; they are skipped and byte 0 of the next round is used.
    expect(below(10)).toBe(0);
  });

  it('stays in range for every n it accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 63 }),
        (n, seed) => {
          const value = uniformBelow(seeded([...seed, 0]))(n);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(n);
        },
      ),
    );
  });
});

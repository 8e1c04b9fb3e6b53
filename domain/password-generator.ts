/**
 * Random passwords for the account form (a rotation after a departure is the usual reason).
 * Pure: the caller supplies the randomness (`crypto.getRandomValues` in the renderer), so tests
 * can drive it. Every character is drawn without modulo bias (rejection sampling), each chosen
 * class appears at least once, and the positions are shuffled the same way.
 */
import { z } from 'zod';

export const PASSWORD_CLASSES = ['lower', 'upper', 'digits', 'symbols'] as const;
export type PasswordClass = (typeof PASSWORD_CLASSES)[number];

/**
 * The characters of each class. Symbols leave out quotes, backslash, backtick and space, which
 * some login forms and shells mangle.
 */
export const CLASS_CHARACTERS: Readonly<Record<PasswordClass, string>> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: '!#$%&()*+,-./:;<=>?@[]^_{|}~',
};

export const PASSWORD_LENGTH = { min: 8, max: 128, default: 20 } as const;

export const PasswordOptions = z.object({
  length: z.number().int().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max),
  classes: z
    .array(z.enum(PASSWORD_CLASSES))
    .min(1, 'Choose at least one kind of character.')
    .refine((classes) => new Set(classes).size === classes.length, 'Each kind of character once.'),
});
export type PasswordOptions = z.infer<typeof PasswordOptions>;

export const DEFAULT_PASSWORD_OPTIONS: PasswordOptions = {
  length: PASSWORD_LENGTH.default,
  classes: [...PASSWORD_CLASSES],
};

/** Fills `bytes` with cryptographically strong random values (as `crypto.getRandomValues`). */
export type RandomValues = (bytes: Uint8Array<ArrayBuffer>) => unknown;

/** Throws a ZodError for options outside the schema (length 8–128, at least one class). */
export function generatePassword(options: PasswordOptions, randomValues: RandomValues): string {
  const { length, classes } = PasswordOptions.parse(options);
  const below = uniformBelow(randomValues);
  const pick = (set: string): string => set.charAt(below(set.length));
  const all = classes.map((c) => CLASS_CHARACTERS[c]).join('');
  const chars = classes.map((c) => pick(CLASS_CHARACTERS[c]));
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates, so the guaranteed characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/**
 * A uniform integer in [0, n) for 1 ≤ n ≤ 256 from one random byte: bytes at or above the
 * largest multiple of n are thrown away (a plain `byte % n` would favour the low values).
 */
export function uniformBelow(randomValues: RandomValues): (n: number) => number {
  const buffer = new Uint8Array(64);
  let next = buffer.length;
  const byte = (): number => {
    if (next === buffer.length) {
      randomValues(buffer);
      next = 0;
    }
    return buffer[next++] as number;
  };
  return (n) => {
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`cannot draw below ${n} from one byte`);
    const limit = 256 - (256 % n);
    for (;;) {
      const b = byte();
      if (b < limit) return b % n;
    }
  };
}

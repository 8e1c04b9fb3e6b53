/**
 * How the renderer's search boxes match text: case- and accent-insensitively, every word of the
 * query somewhere in the item's text. Folding is the costly part (Unicode normalisation), so the
 * folded text of each record is kept per record object: records are immutable snapshots, a
 * changed record is a new object, and 20,000 accounts fold once rather than on every keystroke.
 */

export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The query's words, folded; no words matches everything. */
export const queryTerms = (query: string) => fold(query).split(/\s+/).filter(Boolean);

/** `text` folded, computed once per record object. */
export function foldedBy<T extends object>(text: (record: T) => string): (record: T) => string {
  const cache = new WeakMap<T, string>();
  return (record) => {
    let value = cache.get(record);
    if (value === undefined) {
      value = fold(text(record));
      cache.set(record, value);
    }
    return value;
  };
}

export const matchesTerms = (haystack: string, terms: readonly string[]) =>
  terms.every((term) => haystack.includes(term));

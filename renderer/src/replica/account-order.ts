/**
 * The order of the Accounts list: by name ignoring case, accents and punctuation, then by the
 * name as written, then by id. Each account's place is one string, `listOrderKey(name)`, compared
 * code unit by code unit — as IndexedDB compares keys and as `<` compares strings — so the
 * replica keeps an index in exactly this order (list-indexes.ts) and the first page read from
 * that index is the first page of the whole list sorted here (`inListOrder`).
 * `localeCompare` would order the list a little better for some scripts, but no index can follow
 * it: the first screen and the complete list would then disagree.
 *
 * The key is stored with every account: whoever changes `listOrderKey` raises `LIST_ORDER_FORMAT`,
 * and the storage then writes every account's key again the next time the replica opens.
 */
import type { Account } from '../../../domain/records';

/** The version of `listOrderKey`'s output: keys stored in another format are written again. */
export const LIST_ORDER_FORMAT = 1;

/** Separates the folded name from the name as written; names cannot hold it (domain/text.ts). */
const SEPARATOR = '\u0000';
/**
 * At most this much of the folded name goes into the key (a name is at most 200 characters, but
 * compatibility decomposition can lengthen it), so the key fits `LIST_ORDER_MAX_LENGTH`.
 */
const FOLDED_MAX = 600;
/** The longest key: the folded part, the separator and a 200-character name. */
export const LIST_ORDER_MAX_LENGTH = FOLDED_MAX + 1 + 200;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MARKS = /\p{M}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

/**
 * "Éclair (old)" → "eclair  old \0Éclair (old)": letters without their accents, in lower case,
 * every other character that is not a digit a space (so it sorts before digits and letters, as
 * in `localeCompare`), then the name itself to order names that fold alike. For names of Latin
 * letters, digits and spaces that differ in more than case this is `localeCompare`'s order.
 */
export function listOrderKey(name: string): string {
  const plain = PRINTABLE_ASCII.test(name) ? name : name.normalize('NFKD').replace(MARKS, '');
  const folded = plain.toLowerCase().replace(NOT_LETTER_OR_DIGIT, ' ').slice(0, FOLDED_MAX);
  return folded + SEPARATOR + name;
}

/** Accounts in list order, as the storage's index (with its trailing id) holds them. */
export function inListOrder(accounts: readonly Account[]): Account[] {
  const keyed = accounts.map((account) => ({ key: listOrderKey(account.name), account }));
  keyed.sort((a, b) => compareText(a.key, b.key) || compareText(a.account.id, b.account.id));
  return keyed.map((entry) => entry.account);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

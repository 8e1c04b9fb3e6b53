import type { OrphanedAccountEntry } from '../../../../domain/wire/orphans';

/** "Dana Lee, who left", "Dana Lee and Omar Ortiz, who left", or that nobody is known. */
export function formerOwnersText(entry: Pick<OrphanedAccountEntry, 'formerOwners'>): string {
  const names = entry.formerOwners.map((o) => o.name);
  if (names.length === 0) return 'No Owner left';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${list}, who left`;
}

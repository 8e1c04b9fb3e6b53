import { describe, expect, it } from 'vitest';
import { formerOwnersText } from '../../../../../renderer/src/screens/admin/orphan-text';

const owner = (name: string) => ({ id: name.toLowerCase().replace(/ /g, '-'), name });

describe('who owned an orphaned account', () => {
  it('names the people who left, in the order the server sorted them', () => {
    expect(formerOwnersText({ formerOwners: [owner('Dana Lee')] })).toBe('Dana Lee, who left');
    expect(formerOwnersText({ formerOwners: [owner('Dana Lee'), owner('Omar Ortiz')] })).toBe(
      'Dana Lee and Omar Ortiz, who left',
    );
    expect(formerOwnersText({ formerOwners: [owner('A B'), owner('C D'), owner('E F')] })).toBe(
      'A B, C D and E F, who left',
    );
  });

  it('says nobody is known when no former Owner is on record', () => {
    expect(formerOwnersText({ formerOwners: [] })).toBe('No Owner left');
  });
});

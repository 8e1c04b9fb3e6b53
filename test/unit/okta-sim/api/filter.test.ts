import { describe, expect, it } from 'vitest';
import { OktaApiError } from '../../../../okta-sim/api/errors';
import { parseFilter } from '../../../../okta-sim/api/filter';

describe('parseFilter', () => {
  it('reads eq clauses joined by and', () => {
    expect(parseFilter('status eq "ACTIVE" and user.id eq "00u1"', ['status', 'user.id'])).toEqual([
      { attr: 'status', value: 'ACTIVE' },
      { attr: 'user.id', value: '00u1' },
    ]);
    expect(parseFilter('  ', ['status'])).toEqual([]);
  });

  it('refuses other operators and attributes with E0000031', () => {
    for (const f of ['status sw "A"', 'label eq "x"', 'status eq ACTIVE', 'status eq "A" or name eq "b"']) {
      expect(() => parseFilter(f, ['status', 'name'])).toThrow(OktaApiError);
    }
  });
});

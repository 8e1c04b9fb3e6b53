import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../../domain/wire/audit';
import { auditCsv, auditCsvName, csvField, toCsv } from '../../../../../renderer/src/screens/audit/audit-csv';
import type { Names } from '../../../../../renderer/src/screens/audit/audit-text';

describe('CSV fields (RFC 4180)', () => {
  it('leaves plain text as it is', () => {
    expect(csvField('Brand Instagram')).toBe('Brand Instagram');
    expect(csvField('')).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvField('the “real” "one"')).toBe('"the “real” ""one"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.test")')).toBe(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('ends every row with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b,c'],
        ['d', ''],
      ]),
    ).toBe('a,"b,c"\r\nd,\r\n');
  });
});

describe('the audit log as CSV', () => {
  const names: Names = {
    user: (id) => (id === 'u-ada' ? 'Ada, the Owner' : undefined),
    team: () => 'Marketing',
    account: () => 'Brand Instagram',
    collection: () => undefined,
    share: () => undefined,
  };
  const entry: AuditEntry = {
    id: 'a1',
    at: '2026-11-24T10:00:00.000Z',
    kind: 'change',
    action: 'item.share',
    actorType: 'user',
    actorId: 'u-ada',
    deviceId: null,
    collection: 'shares',
    recordId: 'shr_1',
    fields: ['role'],
    reason: null,
    share: { itemType: 'account', itemId: 'acct-1', granteeType: 'team', granteeId: 't-1', role: 'owner' },
  };

  it('has a header and one row per entry: time, actor, sentence, action', () => {
    expect(auditCsv([entry], names)).toBe(
      'Time (UTC),Actor,Event,Action\r\n' +
        '2026-11-24T10:00:00.000Z,"Ada, the Owner","Ada, the Owner shared Brand Instagram with team Marketing as Owner.",item.share\r\n',
    );
  });

  it('names the file for the day of the export', () => {
    expect(auditCsvName(new Date('2026-12-05T23:59:00Z'))).toBe('latchkey-audit-2026-12-05.csv');
  });
});

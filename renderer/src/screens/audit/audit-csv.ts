/**
 * The audit log as a CSV file (RFC 4180): one row per entry — time, actor, sentence, action — for
 * spreadsheets and auditors. Rows end with CRLF; a field holding a comma, a quote, CR or LF is
 * quoted with its quotes doubled. A field starting with = + - @ (or a tab / CR) gets a leading
 * apostrophe: names are chosen by people, and a spreadsheet would run "=HYPERLINK(…)" as a formula.
 */
import type { AuditEntry } from '../../../../domain/wire/audit';
import { describeEntry, type Names } from './audit-text';

export const AUDIT_CSV_HEADER = ['Time (UTC)', 'Actor', 'Event', 'Action'] as const;

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export function auditCsv(entries: readonly AuditEntry[], names: Names): string {
  return toCsv([
    AUDIT_CSV_HEADER,
    ...entries.map((entry) => {
      const line = describeEntry(entry, names);
      return [new Date(entry.at).toISOString(), line.who, line.sentence, entry.action];
    }),
  ]);
}

/** "latchkey-audit-2026-12-05.csv": the day of the export. */
export function auditCsvName(now: Date): string {
  return `latchkey-audit-${now.toISOString().slice(0, 10)}.csv`;
}

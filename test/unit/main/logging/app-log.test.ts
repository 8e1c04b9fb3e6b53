import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME, openAppLog } from '../../../../main/logging/app-log';

// The real logger writing real files: what a support person would find in the logs folder.

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-log-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const secrets = {
  refreshToken: 'rt-4f9c1d2e8a7b6c5d',
  password: 'Tr0ub4dor&3-horse',
  totpSecret: 'JBSWY3DPEHPK3PXP',
  email: 'ada.lovelace@example.com',
  bearer: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXBhcnQ',
  nonce: 'n0nce-77aa88bb',
};

function lines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the desktop log file', () => {
  it('is <data folder>/logs/latchkey.log, one JSON line per entry with level and time', async () => {
    const log = openAppLog({ dataDir });
    log.info('app started', { version: '0.1.0' });
    log.warn('sync server unreachable', { attempt: 2 });
    await log.close();
    expect(log.folder).toBe(path.join(dataDir, 'logs'));
    expect(log.file).toBe(path.join(dataDir, 'logs', LOG_FILE_NAME));
    const entries = lines(await readFile(log.file, 'utf8'));
    expect(entries).toEqual([
      expect.objectContaining({ level: 'info', msg: 'app started', version: '0.1.0', time: expect.any(String) }),
      expect.objectContaining({ level: 'warn', msg: 'sync server unreachable', attempt: 2 }),
    ]);
  });

  it('never holds a token, a password, a TOTP secret or an e-mail address, however they are passed', async () => {
    const log = openAppLog({ dataDir });
    const failure = new Error(`refresh failed for ${secrets.email}`);
    Object.assign(failure, { response: { body: { refresh_token: secrets.refreshToken } } });
    log.error(`sign-in failed for ${secrets.email}`, {
      refreshToken: secrets.refreshToken,
      account: { username: 'ada', password: secrets.password, totp: { secret: secrets.totpSecret } },
      user: { subject: 'okta|00u1', email: secrets.email },
      headers: { Authorization: `Bearer ${secrets.bearer}` },
      request: `GET /callback?code=abc123&state=xyz token ${secrets.bearer}`,
      link: `latchkey://launch/acc_1?n=${secrets.nonce}`,
      error: failure,
    });
    await log.close();
    const text = await readFile(log.file, 'utf8');
    for (const secret of [...Object.values(secrets), 'abc123']) expect(text).not.toContain(secret);
    // What helps support stays: the message, the field names, the account id and the error's kind.
    const [entry] = lines(text);
    expect(entry).toMatchObject({
      level: 'error',
      msg: 'sign-in failed for [email]',
      refreshToken: '[redacted]',
      account: { username: 'ada', password: '[redacted]', totp: '[redacted]' },
      user: { subject: 'okta|00u1', email: '[redacted]' },
      link: 'latchkey://launch/acc_1?n=[redacted]',
      error: { name: 'Error', message: 'refresh failed for [email]' },
    });
  });

  it('rotates at the size: the newest lines in latchkey.log, older ones numbered, the oldest dropped', async () => {
    const log = openAppLog({ dataDir, maxBytes: 2048, files: 3 });
    for (let i = 0; i < 200; i++) log.info(`entry ${String(i).padStart(3, '0')}`, { padding: 'x'.repeat(40) });
    await log.close();
    const names = (await readdir(log.folder)).sort();
    expect(names).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`]);
    const byName = await Promise.all(names.map(async (name) => readFile(path.join(log.folder, name), 'utf8')));
    for (const text of byName) expect(Buffer.byteLength(text)).toBeLessThan(2048 + 200);
    const numbers = byName.map((text) => lines(text).map((entry) => Number(String(entry.msg).slice(6))));
    const [current = [], first = [], second = []] = numbers;
    // The last line written is in the current file; each older file ends where the newer one starts.
    expect(current.at(-1)).toBe(199);
    expect(first.at(-1)).toBe((current[0] ?? 0) - 1);
    expect(second.at(-1)).toBe((first[0] ?? 0) - 1);
    // 200 lines do not fit in three files of 2 KB: the oldest are gone, not kept somewhere else.
    expect(second[0]).toBeGreaterThan(0);
  });
});

import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, requestIdOf } from '../../../../sync-server/http/logging';

// In a terminal the server's log is printed for people, with the same redaction as the JSON lines.
describe('pretty log lines', () => {
  it('prints readable lines, not JSON, and still never the SCIM filter', async () => {
    const sink = new PassThrough();
    let text = '';
    sink.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const app = Fastify({ logger: loggerOptions('info', sink) });
    app.get('/scim/v2/Users', async () => ({ Resources: [] }));
    await app.ready();
    const answer = await app.inject({
      method: 'GET',
      url: '/scim/v2/Users?filter=userName%20eq%20%22ada@example.com%22',
    });
    expect(answer.statusCode).toBe(200);
    await app.close();
    expect(text).toContain('incoming request');
    expect(text).toContain('/scim/v2/Users?[query redacted]');
    expect(text).not.toContain('ada@example.com');
    for (const line of text.split('\n').filter((l) => l.trim() !== ''))
      expect(line.trimStart().startsWith('{')).toBe(false);
  });
});

describe('request ids', () => {
  it('keeps a short token of letters, digits and ._- and replaces anything else with a UUID', () => {
    expect(requestIdOf({ headers: { 'x-request-id': 'abc-123_X.y' } })).toBe('abc-123_X.y');
    for (const bad of ['', 'a'.repeat(65), 'two words', 'line\nbreak', 'ada@example.com', '{"json":1}']) {
      expect(requestIdOf({ headers: { 'x-request-id': bad } }), bad).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdOf({ headers: {} })).toMatch(/^[0-9a-f-]{36}$/);
  });
});

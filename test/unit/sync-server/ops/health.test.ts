/**
 * The operator-facing rules that need no server: when readiness calls the Okta worker wedged,
 * which request ids are honoured, how SCIM routes become metric labels, and the metrics flags.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readServerSettings } from '../../../sync-server/config';
import { requestIdOf } from '../../../sync-server/http/logging';
import { readiness, type WorkerHeartbeat } from '../../../sync-server/ops/health';
import { createMetrics, scimOperation } from '../../../sync-server/ops/metrics';
import type { Queryable } from '../../../sync-server/store/db';

const versions = async () =>
  (await readdir(new URL('../../../sync-server/store/migrations/', import.meta.url)))
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -'.sql'.length));

/** A store that has applied every migration the code ships. */
const migratedStore = (): Queryable => ({
  query: async <Row>() => (await versions()).map((version) => ({ version })) as Row[],
});

const worker = (beat: { lastBeatMs: number; idlePollMs?: number; running?: boolean }): WorkerHeartbeat => ({
  heartbeat: () => ({ idlePollMs: 100, running: true, ...beat }),
});
const NOW = 10_000_000;
const listening = { connected: true };

describe('readiness', () => {
  it('is ready without Okta, and with a worker that moved within two minutes', async () => {
    expect(await readiness({ db: migratedStore(), worker: null, feed: listening })).toEqual({ status: 'ready' });
    const recent = worker({ lastBeatMs: NOW - 119_000 });
    expect(await readiness({ db: migratedStore(), worker: recent, feed: listening, nowMs: () => NOW })).toEqual({
      status: 'ready',
    });
  });

  it('calls the worker wedged after two minutes without progress, or 24 polls when polls are slow', async () => {
    const stuck = worker({ lastBeatMs: NOW - 121_000 });
    expect(await readiness({ db: migratedStore(), worker: stuck, feed: listening, nowMs: () => NOW })).toEqual({
      status: 'unready',
      reasons: ['okta worker wedged: no progress for 121 s'],
    });
    const slowPolls = worker({ lastBeatMs: NOW - 121_000, idlePollMs: 10_000 });
    expect(
      (await readiness({ db: migratedStore(), worker: slowPolls, feed: listening, nowMs: () => NOW })).status,
    ).toBe('ready');
    const stopped = worker({ lastBeatMs: NOW, running: false });
    expect(await readiness({ db: migratedStore(), worker: stopped, feed: listening, nowMs: () => NOW })).toEqual({
      status: 'unready',
      reasons: ['okta worker not running'],
    });
  });

  it('names every failing check at once, and never a connection string', async () => {
    const down: Queryable = {
      query: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED postgres://app:hunter2@db:5432/latchkey'), {
          code: 'ECONNREFUSED',
        });
      },
    };
    const result = await readiness({
      db: down,
      worker: worker({ lastBeatMs: 0 }),
      feed: { connected: false },
      nowMs: () => NOW,
    });
    expect(result).toEqual({
      status: 'unready',
      reasons: [
        'store unreachable: connect ECONNREFUSED [url] (ECONNREFUSED)',
        'change feed not listening: live updates paused until the store is back',
        'okta worker wedged: no progress for 10000 s',
      ],
    });
    expect(JSON.stringify(result)).not.toContain('hunter2');
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

describe('metrics', () => {
  it('labels SCIM calls by resource type and operation from the route pattern', () => {
    expect(scimOperation('GET', '/scim/v2/Users')).toEqual({ resource: 'Users', operation: 'list' });
    expect(scimOperation('GET', '/scim/v2/Users/:id')).toEqual({ resource: 'Users', operation: 'get' });
    expect(scimOperation('POST', '/scim/v2/Groups')).toEqual({ resource: 'Groups', operation: 'create' });
    expect(scimOperation('PUT', '/scim/v2/Users/:id')).toEqual({ resource: 'Users', operation: 'replace' });
    expect(scimOperation('PATCH', '/scim/v2/Groups/:id')).toEqual({ resource: 'Groups', operation: 'patch' });
    expect(scimOperation('DELETE', '/scim/v2/Users/:id')).toEqual({ resource: 'Users', operation: 'delete' });
  });

  it('counts Okta attempts, 429s and retries by bucket', async () => {
    const m = createMetrics();
    m.oktaAttempt({ bucket: 'apps*', status: 429, retrying: true });
    m.oktaAttempt({ bucket: 'apps*', status: 200, retrying: false });
    m.oktaAttempt({ bucket: 'apps/{id}', status: 'network-error', retrying: true });
    const text = await m.text();
    expect(text).toContain('latchkey_okta_calls_total{bucket="apps*",status="429"} 1');
    expect(text).toContain('latchkey_okta_calls_total{bucket="apps*",status="200"} 1');
    expect(text).toContain('latchkey_okta_calls_total{bucket="apps/{id}",status="network-error"} 1');
    expect(text).toContain('latchkey_okta_rate_limited_total{bucket="apps*"} 1');
    expect(text).toContain('latchkey_okta_retries_total{bucket="apps*"} 1');
    expect(text).toContain('latchkey_okta_retries_total{bucket="apps/{id}"} 1');
  });
});

describe('metrics settings', () => {
  const ISSUER = ['--issuer', 'https://acme.okta.com/oauth2/default'];
  it('are off by default, from --metrics-port or METRICS_PORT otherwise, on loopback unless told', () => {
    expect(readServerSettings(ISSUER, {}).config.metricsPort).toBeUndefined();
    expect(readServerSettings([...ISSUER, '--metrics-port', '9464'], {}).config).toMatchObject({
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
    });
    expect(readServerSettings(ISSUER, { METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).config).toMatchObject({
      metricsPort: 9100,
      metricsHost: '0.0.0.0',
    });
  });

  it('refuse a port that is not a number, naming the flag', () => {
    expect(() => readServerSettings([...ISSUER, '--metrics-port', 'nine'], {})).toThrow(
      /--metrics-port \(or METRICS_PORT\) is not valid .*got "nine"/,
    );
  });
});

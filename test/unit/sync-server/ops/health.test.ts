import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readiness, type WorkerHeartbeat } from '../../../../sync-server/ops/health';
import type { Queryable } from '../../../../sync-server/store/db';

const versions = async () =>
  (await readdir(new URL('../../../../sync-server/store/migrations/', import.meta.url)))
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

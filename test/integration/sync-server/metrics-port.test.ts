/**
 * The real command line serves Prometheus metrics on `--metrics-port` (or METRICS_PORT) only:
 * the main port, which users, Okta and the load balancer reach, has no `/metrics`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanEnv, type RunningCli, start } from '../../../dev/stack/cli-process';
import { createTestDatabase, type TestDatabase } from '../../../dev/stack/postgres';

const CLI = 'sync-server/cli.ts';
let database: TestDatabase;
let server: RunningCli;

beforeAll(async () => {
  database = await createTestDatabase();
  server = start(
    CLI,
    ['--port', '0', '--issuer', 'http://127.0.0.1:9/oauth2/default', '--public-url', 'https://latchkey.example.com'],
    cleanEnv({
      DATABASE_URL: database.url,
      LATCHKEY_CREDENTIALS_KEY: Buffer.alloc(32, 3).toString('base64'),
      METRICS_PORT: '0',
    }),
  );
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

it('serves /metrics on its own loopback port, and not on the main port', async () => {
  const main = (await server.waitFor(/listening on (http:\/\/\S+)/))[1] ?? '';
  const metricsUrl = (await server.waitFor(/Prometheus metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/))[1] ?? '';
  expect((await fetch(`${main}/healthz`)).status).toBe(200);
  expect((await fetch(`${main}/metrics`)).status).toBe(404);

  const scraped = await fetch(metricsUrl);
  expect(scraped.status).toBe(200);
  const text = await scraped.text();
  // The health request above is counted under its route.
  expect(text).toMatch(/^latchkey_http_requests_total\{route="\/healthz",method="GET",status="200"\} 1$/m);
  expect(text).toContain('# TYPE latchkey_http_request_duration_seconds histogram');
  expect((await fetch(metricsUrl.replace(/\/metrics$/, '/other'))).status).toBe(404);
});

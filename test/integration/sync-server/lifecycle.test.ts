/**
 * The server as an operator runs it: `npm run server` prints its URL, runs migrations, keeps its
 * credentials key private, drains on SIGTERM and reopens its store intact.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type RunningCli, start } from '../../../dev/stack/cli-process';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';

let sim: OktaSim;
let dataDir: string;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0 });
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-cli-'));
});
afterAll(async () => {
  await sim?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Through tsx, as `npm run server` starts it. */
function startCli(): RunningCli {
  const args = ['--port', '0', '--data', dataDir, '--issuer', sim.issuer, '--audience', sim.audience];
  return start('sync-server/cli.ts', args, cleanEnv(), 'tsx');
}

async function urlOf(cli: RunningCli): Promise<string> {
  return (await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
}

describe('npm run server', () => {
  it('starts on PGlite, prints its URL, and exits cleanly on SIGTERM; a restart reopens the same store', async () => {
    const first = startCli();
    const url = await urlOf(first);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const unauthenticated = await fetch(`${url}/api/v1/replication/settings/pull`);
    expect(unauthenticated.status).toBe(401);
    expect((await first.stop()).code).toBe(0);

    const key = await stat(join(dataDir, 'credentials.key'));
    expect(key.mode & 0o777).toBe(0o600);

    const second = startCli();
    const url2 = await urlOf(second);
    expect((await fetch(`${url2}/healthz`)).status).toBe(200);
    expect((await second.stop()).code).toBe(0);
  });
});

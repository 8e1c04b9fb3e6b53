/**
 * The server and the simulator as an operator runs them: built to plain JavaScript
 * (scripts/build-server.ts, part of `npm run build`) and started with `node`, no tsx. The build is
 * this test process's own (dev/stack/built-cli.ts), inside the project so packages resolve from
 * its node_modules as they do for out/server/cli.js, and a concurrent `npm run build` is not disturbed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPrograms } from '../../../dev/stack/built-cli';
import { cleanEnv, RunningCli } from '../../../dev/stack/cli-process';

let outRoot: string;
let dataRoot: string;
beforeAll(async () => {
  outRoot = builtPrograms();
  dataRoot = await mkdtemp(join(tmpdir(), 'latchkey-built-'));
});
afterAll(async () => {
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
});

/** Plain node: no loader, so anything still needing TypeScript at run time fails here. */
function startBuilt(program: string, args: readonly string[], env = cleanEnv()): RunningCli {
  const child = spawn(process.execPath, [join(outRoot, program, 'cli.js'), ...args], {
    cwd: dataRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new RunningCli(child);
}

/** Packages a built program imports: bare specifiers of its static and dynamic imports. */
async function packagesImportedBy(program: string): Promise<string[]> {
  const code = await readFile(join(outRoot, program, 'cli.js'), 'utf8');
  const found = new Set<string>();
  const specifiers =
    /(?:^|\n)\s*import\s[^;]*?from\s*["']([@a-z0-9][\w./:-]*)["']|\bimport\(\s*["']([@a-z0-9][\w./:-]*)["']\s*\)/g;
  for (const [, fromStatic, fromDynamic] of code.matchAll(specifiers)) {
    const spec = fromStatic ?? fromDynamic ?? '';
    if (spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    found.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
  }
  return [...found].sort();
}

describe('the built server runs with node alone', () => {
  it('imports only runtime dependencies, so `npm ci --omit=dev` is enough to run it', async () => {
    const pkg = JSON.parse(await readFile(join(process.cwd(), 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const program of ['server', 'okta-sim']) {
      const imported = await packagesImportedBy(program);
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((name) => !(name in pkg.dependencies))).toEqual([]);
    }
  });

  it('starts on a fresh PGlite folder (migrations found beside cli.js), answers /healthz, stops cleanly on SIGTERM', async () => {
    const server = startBuilt('server', [
      '--port',
      '0',
      '--data',
      join(dataRoot, 'store'),
      '--issuer',
      'https://example.okta.test/oauth2/default',
    ]);
    try {
      const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      // The store's tables exist: a SCIM call without a token is refused by the SCIM layer, not a crash.
      const scim = await fetch(`${url}/scim/v2/Users`);
      expect(scim.status).toBe(401);
    } finally {
      const { code, stdout } = await server.stop();
      expect(code).toBe(0);
      expect(stdout).toContain('SIGTERM: draining requests and closing the store');
    }
  });

  it('--help lists the settings with their variables', async () => {
    const { code, stdout } = await startBuilt('server', ['--help']).finished;
    expect(code).toBe(0);
    expect(stdout).toMatch(/--port +PORT +TCP port/);
    expect(stdout).toContain('backup --to FILE');
  });

  it('a subcommand of the built server runs once, as the entry dispatches it (roles list)', async () => {
    const tool = startBuilt('server', ['roles', 'list', '--data', join(dataRoot, 'roles-store')]);
    const { code, stderr } = await tool.finished;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('the built Okta simulator starts with its demo seed and stops on SIGTERM', async () => {
    const sim = startBuilt('okta-sim', ['--port', '0']);
    try {
      const [, url] = await sim.waitFor(/listening on (http:\/\/\S+)/);
      const discovery = await fetch(`${url}/oauth2/default/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});

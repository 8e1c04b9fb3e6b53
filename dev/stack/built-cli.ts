/**
 * The sync server and the Okta simulator as bundles, built once per process into a folder of its
 * own under node_modules/.cache (the bundle imports its packages from node_modules, so it must
 * live inside the repository) and removed when the process exits.
 *
 * Why: through tsx every start of a CLI compiles the whole program again — about 1.4 s of CPU
 * against 0.6 s for the bundle — and the integration and security suites start them about a
 * hundred times. Built here from the source as it is now, never a stale `out/`.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SERVER_PROGRAMS } from '../../scripts/build-server';

const root = path.resolve(import.meta.dirname, '../..');
let builtRoot: string | undefined;

/** The bundle to run for `script` (a path from the repository root), or undefined if it has none. */
export function builtEntry(script: string): string | undefined {
  const program = SERVER_PROGRAMS.find((p) => p.entry === path.relative(root, path.resolve(root, script)));
  if (program === undefined) return undefined;
  return path.join(builtPrograms(), program.outDir, 'cli.js');
}

/** The folder holding this process's build (`server/cli.js`, `okta-sim/cli.js`, their assets). */
export function builtPrograms(): string {
  if (builtRoot !== undefined) return builtRoot;
  const outRoot = path.join(root, 'node_modules/.cache/latchkey-cli', String(process.pid));
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts', '--out', outRoot], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building the server and simulator bundles failed:\n${build.stderr}`);
  process.once('exit', () => rmSync(outRoot, { recursive: true, force: true }));
  builtRoot = outRoot;
  return outRoot;
}

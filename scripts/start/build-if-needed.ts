import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sourceDirs = ['domain', 'main', 'preload', 'renderer'];
const configFiles = ['electron.vite.config.ts', 'package.json'];
const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), 0);
}

/** Runs `electron-vite build` when an output is missing or older than any source it comes from. */
export function buildIfNeeded(root: string): void {
  const oldestOutput = Math.min(...outputs.map((file) => newestMtime(path.join(root, file))));
  const newestSource = Math.max(...[...sourceDirs, ...configFiles].map((entry) => newestMtime(path.join(root, entry))));
  if (oldestOutput > 0 && oldestOutput >= newestSource) return;
  console.log('Building the app (electron-vite build)…');
  const result = spawnSync(path.join(root, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${result.status ?? result.signal})`);
}

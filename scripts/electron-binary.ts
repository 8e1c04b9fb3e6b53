import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

/**
 * Electron's package downloads its binary on first use, not at install (and `allowScripts` in
 * package.json would deny an install script), so the binary exists only where someone ran
 * `node node_modules/electron/install.js` with internet access. path.txt is what install.js writes last.
 * Shared by `npm start`, `npm test` and playwright.config.ts so they agree on what they can run.
 */
export function findElectronBinary(root: string = process.cwd()): ElectronBinary {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      available: false,
      reason:
        "Electron's binary is not installed (npm install does not download it); with internet access run `node node_modules/electron/install.js`",
    };
  }
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { available: false, reason: `${binary} is missing; reinstall Electron` };
  return { available: true, path: binary };
}

// `tsx scripts/electron-binary.ts`: what scripts/test.sh prints before the end-to-end tests.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const binary = findElectronBinary();
  console.log(
    binary.available
      ? `Electron binary found (${binary.path}): the Electron desktop tests (test/e2e/electron/) run too.`
      : `NOT RUN: the Electron desktop tests (test/e2e/electron/), because ${binary.reason}.\n` +
          'The same renderer, IPC contract and services are tested through the browser host.',
  );
}

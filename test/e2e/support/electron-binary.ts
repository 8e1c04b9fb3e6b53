import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

/**
 * npm's `allowScripts` keeps Electron's install script from running, so its binary exists only
 * where someone ran `node node_modules/electron/install.js` with internet access.
 */
export function findElectronBinary(root: string = process.cwd()): ElectronBinary {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      available: false,
      reason: 'the Electron binary is not installed (run `node node_modules/electron/install.js` with internet access)',
    };
  }
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { available: false, reason: `${binary} is missing` };
  return { available: true, path: binary };
}

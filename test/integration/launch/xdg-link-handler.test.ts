/**
 * The OS path of a chiclet click on Linux without Electron: `npm run register-link` registers
 * open-link-cli.ts for latchkey://, then the real `xdg-open` (what Chromium calls for an external
 * scheme) runs it and the link reaches the running browser host's forwarder. A throwaway HOME and
 * XDG folders keep the developer's own desktop settings untouched.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type LinkForwarder, startLinkForwarder } from '../../../main/services/launcher/link-forwarder';
import {
  currentLinkHandler,
  LINK_DESKTOP_FILE,
  registerLinkHandler,
  unregisterLinkHandler,
} from '../../../main/services/launcher/link-registration';

const run = promisify(execFile);
const repoDir = path.resolve(import.meta.dirname, '../../..');
let root = '';
let forwarder: LinkForwarder | undefined;

afterEach(async () => {
  await forwarder?.close();
  forwarder = undefined;
  await rm(root, { recursive: true, force: true });
});

async function desktopSession() {
  root = await mkdtemp(path.join(tmpdir(), 'latchkey-xdg-'));
  const home = path.join(root, 'home');
  const dataDir = path.join(root, 'data');
  await mkdir(home, { recursive: true });
  // A graphical session as xdg-open sees one (it only checks that DISPLAY is set), no desktop
  // environment, so xdg-open takes its generic path through mimeapps.list.
  // BROWSER=false: where no handler is registered, xdg-open's browser fallback fails at once
  // instead of starting one.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, DISPLAY: ':99', BROWSER: 'false' };
  return { env, dataDir, home };
}

describe('latchkey:// registered with the desktop (xdg)', () => {
  it('hands a link opened with xdg-open to the running browser host', async () => {
    const { env, dataDir } = await desktopSession();
    let linkReceived: (url: string) => void = () => {};
    const opened = new Promise<string>((resolve) => {
      linkReceived = resolve;
    });
    forwarder = await startLinkForwarder({ dataDir, open: (url) => linkReceived(url) });
    await registerLinkHandler({ repoDir, dataDir }, env);
    expect(await currentLinkHandler(env)).toBe(LINK_DESKTOP_FILE);

    const link = `latchkey://launch/${randomUUID()}`;
    await run('xdg-open', [link], { env, cwd: root });
    expect(await opened).toBe(link);
  });

  it('writes the association to the user mimeapps.list and removes its entry on unregister', async () => {
    const { env, dataDir, home } = await desktopSession();
    const { desktopFile } = await registerLinkHandler({ repoDir, dataDir }, env);
    expect(desktopFile).toBe(path.join(home, '.local/share/applications', LINK_DESKTOP_FILE));
    expect(await readFile(path.join(home, '.config/mimeapps.list'), 'utf8')).toContain(
      `x-scheme-handler/latchkey=${LINK_DESKTOP_FILE}`,
    );
    await unregisterLinkHandler(env);
    await expect(readFile(desktopFile, 'utf8')).rejects.toThrow(/ENOENT/);
    // With the entry gone xdg-open finds no handler for the link and says so.
    await expect(run('xdg-open', [`latchkey://launch/${randomUUID()}`], { env, cwd: root })).rejects.toThrow();
  });
});

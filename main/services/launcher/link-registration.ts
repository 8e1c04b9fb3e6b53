/**
 * Makes `latchkey://` links reach the browser host on Linux desktops: what Electron's
 * `app.setAsDefaultProtocolClient('latchkey')` does there, for the host that has no Electron.
 * A desktop entry with `MimeType=x-scheme-handler/latchkey` runs open-link-cli.ts, and xdg-mime
 * makes it the scheme's default (freedesktop.org Desktop Entry and MIME Applications
 * specifications). Chromium, Firefox and `xdg-open` then hand a chiclet's link to it.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const LINK_DESKTOP_FILE = 'latchkey-open-link.desktop';
export const LINK_MIME_TYPE = 'x-scheme-handler/latchkey';

/**
 * One argument of a desktop entry's `Exec` key. Plain paths stay bare: xdg-open's generic mode
 * (no desktop environment) splits `Exec` on spaces and does not understand quotes. Anything else is
 * double-quoted as the spec says, with `"`, `` ` ``, `$` and `\` escaped, then the string-value
 * escape applied to backslashes, and `%` doubled (field codes).
 */
export function execArgument(arg: string): string {
  if (/[\n\r]/.test(arg))
    throw new Error(`a desktop entry argument cannot contain a line break: ${JSON.stringify(arg)}`);
  if (/^[A-Za-z0-9_./:=+,@-]+$/.test(arg)) return arg;
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export interface LinkHandlerPaths {
  /** The project folder (tsx and open-link-cli.ts are found from it). */
  repoDir: string;
  /** The browser host's data folder, where its link forwarder writes its token file. */
  dataDir: string;
}

export function desktopEntry({ repoDir, dataDir }: LinkHandlerPaths): string {
  const command = [
    path.join(repoDir, 'node_modules', '.bin', 'tsx'),
    path.join(repoDir, 'main', 'services', 'launcher', 'open-link-cli.ts'),
    '--data',
    dataDir,
  ];
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Latchkey (browser host)',
    'Comment=Hands latchkey:// links from Okta chiclets to the running Latchkey browser host',
    `Exec=${command.map(execArgument).join(' ')} %u`,
    'Terminal=false',
    'NoDisplay=true',
    `MimeType=${LINK_MIME_TYPE};`,
    '',
  ].join('\n');
}

function applicationsDir(env: NodeJS.ProcessEnv): string {
  const dataHome = env.XDG_DATA_HOME || path.join(env.HOME || homedir(), '.local', 'share');
  return path.join(dataHome, 'applications');
}

/** The desktop entry xdg-mime reports as the scheme's default, or null when there is none. */
export async function currentLinkHandler(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  try {
    const { stdout } = await run('xdg-mime', ['query', 'default', LINK_MIME_TYPE], { env });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

export async function registerLinkHandler(
  paths: LinkHandlerPaths,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ desktopFile: string }> {
  if (process.platform !== 'linux') {
    throw new Error('registering latchkey:// for the browser host is done on Linux; Electron registers itself');
  }
  const dir = applicationsDir(env);
  const desktopFile = path.join(dir, LINK_DESKTOP_FILE);
  await mkdir(dir, { recursive: true });
  await writeFile(desktopFile, desktopEntry(paths), { mode: 0o644 });
  try {
    await run('xdg-mime', ['default', LINK_DESKTOP_FILE, LINK_MIME_TYPE], { env });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'xdg-mime is not installed (apt-get install xdg-utils)'
        : String(error);
    throw new Error(`wrote ${desktopFile} but could not make it the default for latchkey:// links: ${reason}`);
  }
  const now = await currentLinkHandler(env);
  if (now !== LINK_DESKTOP_FILE) {
    throw new Error(
      `xdg-mime still names ${now ?? 'no handler'} for latchkey:// links after registering ${LINK_DESKTOP_FILE}`,
    );
  }
  return { desktopFile };
}

/** Removes the desktop entry; the default then names a missing file, which xdg-open ignores. */
export async function unregisterLinkHandler(env: NodeJS.ProcessEnv = process.env): Promise<{ desktopFile: string }> {
  const desktopFile = path.join(applicationsDir(env), LINK_DESKTOP_FILE);
  await rm(desktopFile, { force: true });
  return { desktopFile };
}

/**
 * "Open in the system browser" for the browser host, which has no Electron `shell`. RFC 8252
 * §8.12: the authorization request goes to the user's own browser, never an embedded view.
 * Only http(s) URLs are handed over, and without a shell, so a URL cannot become a command.
 */
import { execFile } from 'node:child_process';

function opener(platform: NodeJS.Platform): { command: string; args: (url: string) => string[] } {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (platform === 'win32') return { command: 'rundll32', args: (url) => ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: (url) => [url] };
}

export function openInSystemBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'https:' && protocol !== 'http:') {
    return Promise.reject(new Error(`refusing to open a ${protocol} URL in the browser`));
  }
  const { command, args } = opener(platform);
  return new Promise((resolve, reject) => {
    execFile(command, args(url), { shell: false }, (error) => (error ? reject(error) : resolve()));
  });
}

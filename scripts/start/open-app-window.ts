/**
 * npm start's app window: Chromium in app mode on the browser host, handed the host's one-time
 * link over its DevTools pipe. The link never goes on Chromium's command line, which every local
 * process (any user's) can read in `/proc/<pid>/cmdline` while the window is open.
 */
import { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { CdpError, type CdpPipe, cdpOverPipe } from './cdp-pipe';
import { type RunningChild, runChild } from './child-process';

export interface AppWindowOptions {
  chromium: string;
  /** The window's profile folder (its offline replica and remembered identity live there). */
  profile: string;
  /** The host's origin, e.g. `http://127.0.0.1:7300`: safe on a command line, it opens nothing. */
  origin: string;
  /** The one-time link (`<origin>/#token=…`). */
  link: string;
}

const TargetInfo = z.object({ targetId: z.string(), type: z.string() });

export async function openAppWindow(options: AppWindowOptions): Promise<RunningChild> {
  const window = runChild(
    options.chromium,
    [
      `--app=${options.origin}/`,
      `--user-data-dir=${options.profile}`,
      '--no-first-run',
      '--disable-sync',
      '--disable-background-networking',
      '--disable-component-update',
      '--remote-debugging-pipe',
    ],
    { devtoolsPipe: true },
  );
  const [, , , toChromium, fromChromium] = window.child.stdio;
  try {
    if (!(toChromium instanceof Writable) || !(fromChromium instanceof Readable)) {
      throw new CdpError('Chromium was started without its DevTools pipe.');
    }
    const cdp = cdpOverPipe(toChromium, fromChromium);
    const exited = window.exited.then((code) => {
      throw new CdpError(`Chromium exited (code ${code}) before its window opened.`);
    });
    // Only the races below need it; a later, ordinary exit is no error.
    exited.catch(() => undefined);
    const targetId = await Promise.race([firstPage(cdp), exited]);
    await Promise.race([openLink(cdp, targetId, options.link), exited]);
  } catch (error) {
    await window.stop();
    throw error;
  }
  return window;
}

/** The app window's page: discovery announces the targets that exist, then each new one. */
async function firstPage(cdp: CdpPipe): Promise<string> {
  const page = new Promise<string>((resolve) => {
    const stop = cdp.on('Target.targetCreated', (params) => {
      const info = TargetInfo.safeParse(params.targetInfo);
      if (!info.success || info.data.type !== 'page') return;
      stop();
      resolve(info.data.targetId);
    });
  });
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const targetId = await page;
  await cdp.send('Target.setDiscoverTargets', { discover: false });
  return targetId;
}

async function openLink(cdp: CdpPipe, targetId: string, link: string): Promise<void> {
  const attached = z
    .object({ sessionId: z.string() })
    .parse(await cdp.send('Target.attachToTarget', { targetId, flatten: true }));
  const navigated = z
    .object({ loaderId: z.string().optional(), errorText: z.string().optional() })
    .parse(await cdp.send('Page.navigate', { url: link }, attached.sessionId));
  if (navigated.errorText) throw new CdpError(`The app window could not open the browser host: ${navigated.errorText}`);
  // No loader: the page had already loaded `<origin>/`, and a link that differs only in its fragment
  // stays in that document, which read its (missing) token when it started. A reload starts it again.
  if (navigated.loaderId === undefined) await cdp.send('Page.reload', {}, attached.sessionId);
  await cdp.send('Target.detachFromTarget', { sessionId: attached.sessionId });
}

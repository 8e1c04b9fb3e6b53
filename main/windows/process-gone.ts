import type { LogFn } from '../logging/app-log';

/**
 * What main does when one of Chromium's processes ends unexpectedly. Plain functions over the
 * details Electron passes (`render-process-gone` on the window's webContents, `child-process-gone`
 * on app), so they are tested without Electron; main/index.ts wires them.
 *
 * The window's renderer gone means a blank window and nothing the user can do in it: log why, then
 * ask whether to reload it (the replica and the session live on, so a reload picks up where the user
 * was) or quit. Other child processes (GPU, network, utility) are restarted by Chromium itself; they
 * are logged so a support person can see what happened before a problem.
 */

/** Electron's RenderProcessGoneDetails, the part used here. */
export interface RenderGoneDetails {
  reason: string;
  exitCode: number;
}

/** Electron's child-process-gone Details, the part used here. */
export interface ChildGoneDetails extends RenderGoneDetails {
  type: string;
  serviceName?: string;
  name?: string;
}

export interface RenderGoneDeps {
  log: { info: LogFn; error: LogFn };
  /** Shows `message` and answers true for Reload, false for Quit. */
  askReload(message: { title: string; detail: string }): Promise<boolean>;
  reload(): void;
  quit(): void;
}

export type RenderGoneOutcome = 'reloaded' | 'quit' | 'ignored';

/** Why the window went blank, in words for the person using it. */
export function renderGoneText(reason: string): string {
  switch (reason) {
    case 'oom':
      return 'The window ran out of memory.';
    case 'crashed':
      return 'The window crashed.';
    case 'killed':
      return 'The window was stopped by the system or another program.';
    case 'launch-failed':
      return 'The window could not start.';
    case 'integrity-failure':
      return "The window's code failed its integrity check.";
    case 'memory-eviction':
      return 'The system reclaimed the memory the window used.';
    default:
      return 'The window stopped unexpectedly.';
  }
}

export function handleRenderProcessGone(deps: RenderGoneDeps) {
  return async (details: RenderGoneDetails): Promise<RenderGoneOutcome> => {
    const context = { reason: details.reason, exitCode: details.exitCode };
    // A clean exit is the window closing as asked: nothing went wrong.
    if (details.reason === 'clean-exit') {
      deps.log.info('renderer process exited', context);
      return 'ignored';
    }
    deps.log.error('renderer process gone', context);
    const reload = await deps.askReload({
      title: 'Latchkey stopped working',
      detail: `${renderGoneText(details.reason)} Your data is safe on this device. Reload to continue where you were, or quit.`,
    });
    if (reload) {
      deps.log.info('reloading the window after its renderer was gone', context);
      deps.reload();
      return 'reloaded';
    }
    deps.quit();
    return 'quit';
  };
}

export function handleChildProcessGone(log: { info: LogFn; warn: LogFn }) {
  return (details: ChildGoneDetails): void => {
    const context = {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
      ...(details.serviceName ? { serviceName: details.serviceName } : {}),
      ...(details.name ? { name: details.name } : {}),
    };
    if (details.reason === 'clean-exit') log.info('child process exited', context);
    else log.warn('child process gone', context);
  };
}

/**
 * Any other window's renderer gone (a login window, main/services/launcher/electron-window.ts):
 * logged, so a login that stopped half-way can be explained; the user closes that window and
 * launches again from the app.
 */
export function handleOtherRendererGone(log: { info: LogFn; warn: LogFn }) {
  return (details: RenderGoneDetails): void => {
    const context = { reason: details.reason, exitCode: details.exitCode };
    if (details.reason === 'clean-exit') log.info("another window's renderer process exited", context);
    else log.warn("another window's renderer process gone", context);
  };
}

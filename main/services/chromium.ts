/**
 * The Chromium that Latchkey drives where Electron is absent (the browser host's login windows,
 * demo screenshots, tests): Debian's `/usr/bin/chromium`, or `$CHROMIUM_PATH` — never a browser
 * downloaded by a test tool.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Chromium refuses to start its sandbox as root (containers, CI), so only then is it turned off;
 * everywhere else the login pages it renders stay inside the OS sandbox. `uid` is the process's
 * (`process.getuid`, absent on Windows, where the sandbox always runs).
 */
export function chromiumSandboxAllowed(uid: number | undefined): boolean {
  return uid !== 0;
}

/** What the log says when the sandbox is off, so nobody mistakes a root run for a hardened one. */
export const NO_SANDBOX_WARNING =
  'Chromium runs without its sandbox because this process runs as root (Chromium cannot sandbox itself as root); run Latchkey as a normal user to keep login pages sandboxed.';

/**
 * Flags for an automated Chromium, as seen to work on these machines: no background traffic (this
 * machine's closed network refuses it), no first-run UI, no GPU; `--no-sandbox` only as root
 * (chromiumSandboxAllowed). Headless or not is the caller's choice.
 */
export function automatedChromiumArgs(uid: number | undefined): string[] {
  return [
    ...(chromiumSandboxAllowed(uid) ? [] : ['--no-sandbox']),
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/** The flags for this process (see automatedChromiumArgs). */
export const AUTOMATED_CHROMIUM_ARGS: readonly string[] = automatedChromiumArgs(process.getuid?.());

/**
 * The Chromium that Latchkey drives where Electron is absent (the browser host's login windows,
 * demo screenshots, tests): Debian's `/usr/bin/chromium`, or `$CHROMIUM_PATH` — never a browser
 * downloaded by a test tool.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Flags for an automated Chromium (PLATFORM-NOTES "Chromium"): no background traffic (this
 * machine's closed network refuses it), no first-run UI, no GPU, and no setuid sandbox, which
 * cannot start as root in containers. Headless or not is the caller's choice.
 */
export const AUTOMATED_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

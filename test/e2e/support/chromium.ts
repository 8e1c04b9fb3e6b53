/**
 * Debian's Chromium (or `$CHROMIUM_PATH`), never a downloaded browser. The flags keep it from
 * phoning home or needing a GPU/sandbox inside containers (see PLATFORM-NOTES "Chromium").
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

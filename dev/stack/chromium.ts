import { AUTOMATED_CHROMIUM_ARGS, chromiumPath as systemChromium } from '../../main/services/chromium';

/** Debian's Chromium (or `$CHROMIUM_PATH`), never a downloaded browser; headless in tests. */
export const chromiumPath = systemChromium();

export const chromiumArgs = ['--headless', ...AUTOMATED_CHROMIUM_ARGS];

/**
 * `npm run register-link [-- --data DIR] [--unregister]`: on Linux, makes `latchkey://` links
 * (an Okta chiclet's hand-off) reach the browser host by registering open-link-cli.ts as the
 * scheme's handler (link-registration.ts). `--data` is the browser host's data folder, the same
 * as `npm start -- --data DIR` plus `/desktop` (default .latchkey/desktop).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { registerLinkHandler, unregisterLinkHandler } from './link-registration';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.LATCHKEY_DESKTOP_DATA_DIR ?? '.latchkey/desktop' },
    unregister: { type: 'boolean', default: false },
  },
});
const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
try {
  if (values.unregister) {
    const { desktopFile } = await unregisterLinkHandler();
    console.log(`latchkey:// links are no longer handed to the browser host (removed ${desktopFile}).`);
  } else {
    const { desktopFile } = await registerLinkHandler({ repoDir, dataDir: path.resolve(values.data) });
    console.log(`latchkey:// links now reach the running browser host (${desktopFile}).`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

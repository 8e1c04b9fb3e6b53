/**
 * `npx tsx main/services/launcher/open-link-cli.ts latchkey://launch/ID [--data DIR]`
 * What the OS runs for a `latchkey://` link when the app is the browser host: forwards the link
 * to the running host (link-forwarder.ts). Electron registers itself instead.
 */
import { parseArgs } from 'node:util';
import { forwardLink } from './link-forwarder';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { data: { type: 'string', default: process.env.LATCHKEY_DESKTOP_DATA_DIR ?? '.latchkey/desktop' } },
});
const url = positionals[0];
if (!url) {
  console.error('usage: open-link-cli latchkey://launch/ACCOUNT_ID [--data DIR]');
  process.exit(2);
}
const result = await forwardLink(values.data, url);
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}

/**
 * The page behind every extended account's Okta chiclet (`<public-url>/launch/:accountId`). It
 * is reached without a Latchkey token (Okta opens it in the user's browser), so it says nothing
 * about the account: the page is the same for every id, existing or not, and only hands off to
 * `latchkey://launch/:accountId?n=<nonce>`, where the desktop app checks who is asking. The
 * one-time nonce (launch-nonces.ts) tells the desktop the link came through this page.
 *
 * If no app answers the hand-off, the page stays visible; after a moment it explains how to
 * install or open Latchkey. Scripts and styles run under a per-response nonce (CSP Level 3 §6.1).
 */
import { deepLinkFor } from '../../domain/deep-link';

const HANDOFF_WAIT_MS = 2500;

export function launchPage(accountId: string, handOff: string, nonce: string): string {
  const link = deepLinkFor(accountId, handOff);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Opening Latchkey…</title>
<style nonce="${nonce}">
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; background: #f6f7f9; color: #1d2330; }
  main { max-width: 30rem; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgb(0 0 0 / 8%); }
  h1 { font-size: 1.3rem; margin-top: 0; }
  a.button { display: inline-block; padding: .6rem 1.1rem; border-radius: 8px; background: #3451b2; color: #fff; text-decoration: none; }
  #help[hidden] { display: none; }
</style>
</head>
<body>
<main>
  <h1>Opening Latchkey…</h1>
  <p>Latchkey signs you in to this app. Your browser may ask whether to open Latchkey: allow it.</p>
  <p><a class="button" id="open" href="${link}">Open in Latchkey</a></p>
  <section id="help" hidden>
    <h2>Nothing happened?</h2>
    <ol>
      <li>Make sure the Latchkey desktop app is installed. Ask your IT team for the installer if it is not.</li>
      <li>Open Latchkey and sign in with Okta, then click the app's tile in Okta again.</li>
      <li>Still nothing? Click <strong>Open in Latchkey</strong> above.</li>
    </ol>
  </section>
</main>
<script nonce="${nonce}">
  window.location.href = ${JSON.stringify(link)};
  setTimeout(function () { document.getElementById('help').hidden = false; }, ${HANDOFF_WAIT_MS});
</script>
</body>
</html>`;
}

/** The answer for ids that are not ids: same look, no hand-off. */
export function badLinkPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey</title></head>
<body><h1>This Latchkey link is not valid</h1><p>Open the app from your Okta dashboard again.</p></body></html>`;
}

export function launchPageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

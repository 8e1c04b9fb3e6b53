/** What `npm start` prints once the demo is up: where to click and who to sign in as. */
import type { Demo } from './start-demo';

export function demoBanner(demo: Demo, dataDir: string): string {
  const width = Math.max(...demo.logins.map((l) => l.email.length));
  return [
    '',
    `Latchkey demo is running (data in ${dataDir}; "npm start -- --reset" starts over).`,
    `  Okta My Apps        ${demo.urls.myApps}`,
    `  Demo app            ${demo.urls.demoApp}`,
    `  Sync server         ${demo.urls.syncServer}`,
    `  Okta issuer         ${demo.urls.issuer}`,
    '',
    'Sign in (Okta and Latchkey) as:',
    ...demo.logins.map((l) => `  ${l.email.padEnd(width)}  ${l.password}  ${l.role}`),
    '',
    'Walkthrough: docs/demo.md',
    '',
  ].join('\n');
}

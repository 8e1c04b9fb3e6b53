/**
 * `npm run lint:electron`: Doyensec's Electronegativity over `main/` and `preload/`, failing on any
 * finding that is not justified. A finding is justified by an `// eng-disable CHECK_ID` comment on
 * its line with the reason beside it (the scanner's own inline syntax), or, for the few global
 * checks that cannot point at a line, in GLOBAL_JUSTIFIED below.
 *
 * Runs offline: the check that downloads Electron's release list is left out (the Electron
 * version is npm's business, pinned in package.json), and the scanner's attempt to fetch updated
 * translations falls back to its bundled English after a one-second timeout.
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  shortenedURL: string;
  manualReview: boolean;
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Issue[]; errors: unknown[] }>;

const require = createRequire(import.meta.url);

// The scanner parses TypeScript with typescript-estree 4, which needs the TypeScript 4.2 npm
// installed beside the scanner; hoisted to the top of node_modules, it would find the project's
// TypeScript 7 (a different API) instead. Point its `typescript` at the scanner's own copy.
const scannerTypescript = require.resolve('typescript', {
  paths: [path.dirname(require.resolve('@doyensec/electronegativity/package.json'))],
});
type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const resolve = internals._resolveFilename;
internals._resolveFilename = (request, parent, ...rest) =>
  request === 'typescript' && parent?.filename?.includes(`${path.sep}@typescript-eslint${path.sep}`)
    ? scannerTypescript
    : resolve(request, parent, ...rest);

const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (require('electron/package.json') as { version: string }).version;

/** Global checks have no line to annotate; each is justified here, per scanned folder. */
const GLOBAL_JUSTIFIED: Record<string, Record<string, string>> = {
  main: {
    // Our CSP is a response header set by protocol.handle (main/security/csp.ts, windows/app-protocol.ts)
    // and by the browser host; the scanner only recognises <meta> tags and CSP strings it can parse.
    CSP_GLOBAL_CHECK: 'CSP sent as a header from main/security/csp.ts',
  },
  preload: {
    // preload/ holds no window code: navigation limits and permission handlers live in main/
    // (windows/main-window.ts, security/session-hardening.ts), where the same checks pass.
    LIMIT_NAVIGATION_GLOBAL_CHECK: 'navigation is limited in main/windows/main-window.ts',
    PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK: 'permissions are denied in main/security/session-hardening.ts',
    CSP_GLOBAL_CHECK: 'CSP sent as a header from main/security/csp.ts',
  },
};
/** Needs the network (GitHub's Electron release list); named by class, as the scanner expects. */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

let unjustified = 0;
for (const folder of ['main', 'preload']) {
  const input = path.resolve(folder);
  const { issues, errors } = await run(
    {
      input,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED.map((id) => id.toLowerCase()),
      electronUpgrade: undefined,
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  for (const error of errors) {
    console.error(`electronegativity could not parse a file in ${folder}/:`, error);
    unjustified++;
  }
  for (const issue of issues) {
    if (issue.file === 'N/A' && Object.hasOwn(GLOBAL_JUSTIFIED[folder] ?? {}, issue.id)) continue;
    unjustified++;
    const where = issue.file === 'N/A' ? `${folder}/ (global)` : `${folder}/${issue.file}:${issue.location.line}`;
    console.error(`${where}  ${issue.id}  ${issue.shortenedURL}`);
  }
}
if (unjustified > 0) {
  console.error(
    `\n${unjustified} Electronegativity finding(s): fix them, or justify each with "// eng-disable CHECK_ID" and the reason on its line.`,
  );
  process.exit(1);
}
console.log('Electronegativity: no unjustified findings in main/ and preload/.');

/**
 * `npm run bench -- launch`: chiclet click to the demo app's logged-in page, with an active
 * desktop session, over 20 launches. Everything real: the Okta simulator (My Apps, SSO, the
 * demo app with its TOTP step), the sync server (fresh PostgreSQL database, or PGlite when
 * BENCH_STORE=pglite), the desktop as a browser host with the built renderer (its replica
 * supplies the secrets) and the launcher's own headless Chromium for each login window.
 *
 * Measured per launch: click on the chiclet → hand-off caught (the OS part, played here) →
 * session check, server authorisation, secrets from the replica, new Chromium profile, login
 * page, username+password, TOTP page, code → "Logged in as" visible. Target: p50 under 1 s.
 *
 * Where the time goes: the launcher tells when each of its steps ends (`timing` in
 * main/services/launcher/launch-service.ts), and the p50 of each step is printed as
 * launch_<step>_ms: hand_off (click → the link reaches the launcher), session (session check),
 * authorize (POST /launch/:id/authorize), secrets (the renderer's replica answers `launch:fill`),
 * window (a fresh Chromium context and page), page_load (the login page loaded), fill (username,
 * password, TOTP step, until logged in) and finish (the launcher's status → "Logged in as" seen).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../dev/stack/chromium';
import { memorySecretStore } from '../dev/stack/memory-secret-store';
import { createTestDatabase } from '../dev/stack/postgres';
import { rendererDir } from '../dev/stack/renderer-dir';
import { type CdpAutofillWindow, cdpWindowOpener } from '../main/services/launcher/cdp-driver';
import type { LaunchMark } from '../main/services/launcher/launch-service';
import { startDemoDesktop } from '../scripts/demo/demo-desktop';
import { startDemo } from '../scripts/demo/start-demo';
import { buildIfNeeded } from '../scripts/start/build-if-needed';

const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 20);
/**
 * Between a launch's end and the next click: a person does not click a second chiclet within a
 * second of the first login, and the launcher uses that time (it makes the next login window
 * ahead). 0 runs the launches back to back, as this bench did before.
 */
const PAUSE_MS = Number(process.env.BENCH_LAUNCH_PAUSE_MS ?? 1000);
const PASSWORD = 'Latchkey-demo-1';
/** A launch's steps, each ending at the mark after it (LaunchMark), in the order they happen. */
const STEPS = [
  ['session', 'session-checked'],
  ['authorize', 'authorized'],
  ['secrets', 'secrets-received'],
  ['window', 'window-opened'],
  ['page_load', 'page-loaded'],
  ['fill', 'done'],
] as const satisfies readonly (readonly [string, LaunchMark])[];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export default async function launchBench(): Promise<Record<string, number | string>> {
  // As `npm start` does: build the renderer when out/ is missing or older than its sources.
  buildIfNeeded(fileURLToPath(new URL('..', import.meta.url)));
  // The launcher's marks of the launch under way (one at a time here), with when they came.
  let marks = new Map<LaunchMark, number>();
  const store = process.env.BENCH_STORE === 'pglite' ? 'pglite' : 'postgres';
  const database = store === 'postgres' ? await createTestDatabase('latchkey_bench_launch') : undefined;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-bench-launch-'));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  const t0 = Date.now();
  const say = (line: string) => process.env.BENCH_VERBOSE === '1' && console.error(`[${Date.now() - t0} ms] ${line}`);
  say('browser up');
  const demo = await startDemo({ dataDir, databaseUrl: database?.url, log: say });
  say('demo up');
  const context = await browser.newContext();
  const open = cdpWindowOpener({ executablePath: chromiumPath, headless: true });
  const windows: CdpAutofillWindow[] = [];
  const desktop = await startDemoDesktop({
    env: demo.desktopEnv,
    dataDir: demo.desktopDataDir,
    rendererDir,
    secretStore: memorySecretStore('bench'),
    openExternal: async (url) => void (await (await context.newPage()).goto(url)),
    openWindow: Object.assign(
      async () => {
        const win = await open();
        windows.push(win);
        return win;
      },
      { dispose: open.dispose },
    ),
    log: () => undefined,
    timing: (_launchId, mark) => void marks.set(mark, performance.now()),
  });
  try {
    const app = await context.newPage();
    await app.goto(desktop.host.url);
    const signInTab = context.waitForEvent('page');
    await app.getByRole('button', { name: 'Sign in with Okta' }).click();
    const signIn = await signInTab;
    await signIn.getByLabel('Username').fill('maya.marketing@latchkey.test');
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign In' }).click();
    await app.getByText('Brand Instagram').first().waitFor({ timeout: 60_000 });

    say('desktop signed in, replica has the accounts');
    const samples: number[] = [];
    const steps = new Map<string, number[]>();
    const step = (name: string, ms: number) => steps.set(name, [...(steps.get(name) ?? []), ms]);
    for (let i = 0; i < LAUNCHES; i++) {
      // A fresh dashboard tab per click: Chromium throttles repeated external-protocol launches
      // from one tab, which a person clicking once would never meet.
      const myApps = await context.newPage();
      await myApps.goto(demo.urls.myApps);
      const handOff = new Promise<string>((resolve) => {
        const onRequest = (request: { url(): string }) => {
          if (!request.url().startsWith('latchkey:')) return;
          context.off('request', onRequest);
          resolve(request.url());
        };
        context.on('request', onRequest);
      });
      const loggedIn = new Promise<void>((resolve, reject) => {
        const off = desktop.launcher.onStatus((status) => {
          if (status.stage === 'logged-in') resolve();
          if (status.stage === 'failed' || status.stage === 'blocked')
            reject(new Error(`${status.code}: ${status.message}`));
          if (status.stage === 'logged-in' || status.stage === 'failed' || status.stage === 'blocked') off();
        });
      });
      // Where the person clicks is found before the clock starts: the time Playwright's role
      // selector and actionability checks take in the dashboard tab is the bench's, not a launch's.
      const chiclet = await myApps.getByRole('link', { name: 'Brand Instagram - Contentzilla' }).boundingBox();
      if (chiclet === null) throw new Error('the Brand Instagram chiclet is not on My Apps');
      marks = new Map();
      const t0 = performance.now();
      await myApps.mouse.click(chiclet.x + chiclet.width / 2, chiclet.y + chiclet.height / 2);
      void desktop.openDeepLink(await handOff);
      await Promise.race([
        loggedIn,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`launch ${i + 1} did not finish in 30 s`)), 30_000),
        ),
      ]);
      // Read in the page itself: a Playwright locator would first inject its selector engine into
      // the fresh login context, the bench's time rather than the launch's.
      const who = await windows.at(-1)?.page.evaluate(() => document.querySelector('#who')?.textContent ?? '');
      if (!who?.startsWith('Logged in as')) throw new Error(`launch ${i + 1} ended on a page without "Logged in as"`);
      const end = performance.now();
      samples.push(end - t0);
      let last = marks.get('started') ?? t0;
      step('hand_off', last - t0);
      for (const [name, mark] of STEPS) {
        // A step that overlapped the one before it (the window opens while the secrets come)
        // counts only for the time it added after that one ended.
        const at = Math.max(marks.get(mark) ?? last, last);
        step(name, at - last);
        last = at;
      }
      step('finish', end - last);
      if (process.env.BENCH_VERBOSE === '1') console.error(`launch ${i + 1}: ${Math.round(samples.at(-1) ?? 0)} ms`);
      await windows.at(-1)?.close();
      await myApps.close();
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const p50 = (values: number[]) =>
      Math.round(
        percentile(
          [...values].sort((a, b) => a - b),
          50,
        ),
      );
    return {
      launches: LAUNCHES,
      pause_between_launches_ms: PAUSE_MS,
      store,
      launch_ms: Math.round(percentile(sorted, 50)),
      launch_p99_ms: Math.round(percentile(sorted, 99)),
      launch_min_ms: Math.round(sorted[0] ?? NaN),
      launch_max_ms: Math.round(sorted.at(-1) ?? NaN),
      ...Object.fromEntries([...steps].map(([name, values]) => [`launch_${name}_ms`, p50(values)])),
      target_p50_ms: 1000,
    };
  } finally {
    await desktop.close();
    await context.close();
    await browser.close();
    await demo.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

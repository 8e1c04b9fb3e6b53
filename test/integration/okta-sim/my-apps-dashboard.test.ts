import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { formAction, TestBrowser } from './support/browser';
import { ALICE, BOB, MARKETING, TEST_SEED } from './support/seed';

let sim: OktaSim;
const ids: Record<string, string> = {};

async function api(path: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${sim.apiToken}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

async function bookmark(label: string, url: string): Promise<string> {
  const app = await api('/api/v1/apps', 'POST', {
    name: 'bookmark',
    label,
    signOnMode: 'BOOKMARK',
    settings: { app: { url } },
  });
  return String(app.id);
}

beforeAll(async () => {
  sim = await startOktaSim({ port: 0, seed: TEST_SEED });
  ids.direct = await bookmark('Contentzilla - Instagram', 'https://sync.example/launch/direct');
  ids.group = await bookmark('Contentzilla - TikTok', 'https://sync.example/launch/group');
  ids.other = await bookmark('Acme - Vendor portal', 'https://sync.example/launch/other');
  ids.inactive = await bookmark('Old - Portal', 'https://sync.example/launch/inactive');
  await api(`/api/v1/apps/${ids.direct}/users`, 'POST', { id: ALICE });
  await api(`/api/v1/apps/${ids.group}/groups/${MARKETING}`, 'PUT', {});
  await api(`/api/v1/apps/${ids.other}/users`, 'POST', { id: BOB });
  await api(`/api/v1/apps/${ids.inactive}/users`, 'POST', { id: ALICE });
  await api(`/api/v1/apps/${ids.inactive}/lifecycle/deactivate`, 'POST');
  await api(`/api/v1/apps/${sim.latchkeyAppId}/users`, 'POST', { id: ALICE });
});
afterAll(async () => {
  await sim.close();
});

function chiclets(html: string): Array<{ label: string; href: string }> {
  return [...html.matchAll(/<a class="chiclet"[^>]*href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
    href: m[1] ?? '',
    label: m[2] ?? '',
  }));
}

async function signInToDashboard(browser: TestBrowser, username: string, password: string): Promise<string> {
  const first = await browser.navigate(`${sim.url}/app/UserHome`);
  const html = await first.res.text();
  expect(html).toContain('Sign In');
  const done = await browser.submitForm(new URL(formAction(html), sim.url), { username, password });
  expect(done.url).toBe(`${sim.url}/app/UserHome`);
  return done.res.text();
}

describe('My Apps dashboard', () => {
  it('shows one chiclet per active app assigned directly or through a group', async () => {
    const html = await signInToDashboard(new TestBrowser(), 'alice@example.com', 'alice-pass-1');
    expect(html).toContain('Signed in as Alice Owner');
    expect(
      chiclets(html)
        .map((c) => c.label)
        .sort(),
    ).toEqual(['Contentzilla - Instagram', 'Contentzilla - TikTok']);
  });

  it('opens the app URL from a chiclet and refuses apps the user is not assigned to', async () => {
    const browser = new TestBrowser();
    const html = await signInToDashboard(browser, 'alice@example.com', 'alice-pass-1');
    const tiktok = chiclets(html).find((c) => c.label === 'Contentzilla - TikTok');
    const opened = await browser.navigate(new URL(tiktok?.href ?? '', sim.url));
    expect(opened.url).toBe('https://sync.example/launch/group');
    const denied = await browser.navigate(`${sim.url}/home/bookmark/${ids.other}/1`);
    expect(denied.res.status).toBe(403);
  });

  it('shares the SSO session with the desktop’s OIDC sign-in', async () => {
    const browser = new TestBrowser();
    const config = await oidc.discovery(new URL(sim.issuer), sim.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:50000/callback',
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const page = await browser.navigate(url);
    await browser.submitForm(new URL(formAction(await page.res.text()), sim.url), {
      username: 'bob@example.com',
      password: 'bob-pass-1',
    });

    const dashboard = await browser.navigate(`${sim.url}/app/UserHome`);
    expect(dashboard.res.status).toBe(200);
    const html = await dashboard.res.text();
    expect(html).toContain('Signed in as Bob Admin');
    expect(chiclets(html).map((c) => c.label)).toEqual(['Acme - Vendor portal']);
  });
});

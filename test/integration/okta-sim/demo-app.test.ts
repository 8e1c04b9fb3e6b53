import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaSim, startOktaSim } from '../../../okta-sim/index';
import { TestBrowser } from './support/browser';
import { TEST_SEED } from './support/seed';

let sim: OktaSim;
beforeAll(async () => {
  sim = await startOktaSim({ port: 0, seed: TEST_SEED });
});
afterAll(async () => {
  await sim.close();
});

const account = TEST_SEED.demoAccounts?.[0];
const code = () => new TOTP({ secret: account?.totpSecret ?? '', digits: 6, period: 30 }).generate();

describe('demo disconnected app', () => {
  it('asks for username and password, then a TOTP code, then says who is logged in', async () => {
    const browser = new TestBrowser();
    const login = await browser.navigate(`${sim.url}/demo-app/`);
    expect(login.url).toBe(`${sim.url}/demo-app/login`);
    const loginHtml = await login.res.text();
    expect(loginHtml).toContain('autocomplete="username"');
    expect(loginHtml).toContain('type="password"');

    const totp = await browser.submitForm(`${sim.url}/demo-app/login`, {
      username: account?.username ?? '',
      password: account?.password ?? '',
    });
    expect(totp.url).toBe(`${sim.url}/demo-app/totp`);
    expect(await totp.res.text()).toContain('autocomplete="one-time-code"');

    const home = await browser.submitForm(`${sim.url}/demo-app/totp`, { code: code() });
    expect(home.url).toBe(`${sim.url}/demo-app/`);
    expect(await home.res.text()).toContain(`Logged in as ${account?.username}`);
  });

  it('refuses a wrong password and a wrong code', async () => {
    const browser = new TestBrowser();
    const bad = await browser.submitForm(`${sim.url}/demo-app/login`, {
      username: account?.username ?? '',
      password: 'nope',
    });
    expect(bad.res.status).toBe(401);
    expect(await bad.res.text()).toContain('Invalid username or password.');

    await browser.submitForm(`${sim.url}/demo-app/login`, {
      username: account?.username ?? '',
      password: account?.password ?? '',
    });
    const wrong = String((Number(code()) + 500_000) % 1_000_000).padStart(6, '0');
    const badCode = await browser.submitForm(`${sim.url}/demo-app/totp`, { code: wrong });
    expect(badCode.res.status).toBe(401);
    const still = await browser.navigate(`${sim.url}/demo-app/`);
    expect(still.url).toBe(`${sim.url}/demo-app/totp`);
  });

  it('does not let anyone skip the password step', async () => {
    const browser = new TestBrowser();
    const skipped = await browser.submitForm(`${sim.url}/demo-app/totp`, { code: code() });
    expect(skipped.url).toBe(`${sim.url}/demo-app/login`);
  });
});

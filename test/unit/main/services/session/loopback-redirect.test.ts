import { describe, expect, it } from 'vitest';
import { CALLBACK_PATH, startLoopbackRedirect } from '../../../../../main/services/session/loopback-redirect';

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch (error) {
    return error instanceof TypeError;
  }
}

describe('loopback redirect listener (RFC 8252 §7.3)', () => {
  it('listens on the loopback IP literal on an OS-chosen port', async () => {
    const redirect = await startLoopbackRedirect({ expectedState: 's', timeoutMs: 10_000 });
    const uri = new URL(redirect.redirectUri);
    expect(uri.hostname).toBe('127.0.0.1');
    expect(uri.protocol).toBe('http:');
    expect(uri.pathname).toBe(CALLBACK_PATH);
    expect(Number(uri.port)).toBeGreaterThan(0);
    redirect.cancel();
    expect(await redirect.outcome).toEqual({ ok: false, code: 'sign_in_cancelled' });
  });

  it('ignores a callback carrying another state and keeps waiting for ours', async () => {
    const redirect = await startLoopbackRedirect({ expectedState: 'ours', timeoutMs: 10_000 });
    const forged = await fetch(`${redirect.redirectUri}?code=stolen&state=theirs`);
    expect(forged.status).toBe(400);
    const stray = await fetch(redirect.redirectUri.replace(CALLBACK_PATH, '/elsewhere?state=ours'));
    expect(stray.status).toBe(404);

    const real = await fetch(`${redirect.redirectUri}?code=abc&state=ours`);
    expect(real.status).toBe(200);
    expect(real.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(await real.text()).toContain('return to Latchkey');
    const outcome = await redirect.outcome;
    expect(outcome.ok && outcome.callbackUrl.searchParams.get('code')).toBe('abc');
    expect(outcome.ok && outcome.callbackUrl.origin).toBe(new URL(redirect.redirectUri).origin);
  });

  it('closes the listener once the callback arrived', async () => {
    const redirect = await startLoopbackRedirect({ expectedState: 'ours', timeoutMs: 10_000 });
    await fetch(`${redirect.redirectUri}?code=abc&state=ours`);
    await redirect.outcome;
    expect(await refused(`${redirect.redirectUri}?code=again&state=ours`)).toBe(true);
  });

  it('gives up and closes when the browser never comes back', async () => {
    const redirect = await startLoopbackRedirect({ expectedState: 'ours', timeoutMs: 50 });
    expect(await redirect.outcome).toEqual({ ok: false, code: 'sign_in_timeout' });
    expect(await refused(`${redirect.redirectUri}?code=late&state=ours`)).toBe(true);
  });
});

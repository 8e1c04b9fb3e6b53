import { describe, expect, it } from 'vitest';
import { DESKTOP_ENV, desktopConfigFromEnv } from '../../../../main/services/desktop-config';
import { openInSystemBrowser } from '../../../../main/services/session/os-browser';

describe('desktop configuration from the environment', () => {
  it('is off, with the variables to set, when issuer or sync server is missing', () => {
    const result = desktopConfigFromEnv({ [DESKTOP_ENV.issuer]: 'https://acme.okta.com/oauth2/default' });
    expect(result).toMatchObject({ ok: false, code: 'not_configured' });
    expect(!result.ok && result.reason).toContain(DESKTOP_ENV.syncServerUrl);
  });

  it('fills the client and audience defaults the simulator and the Okta app use', () => {
    expect(
      desktopConfigFromEnv({
        [DESKTOP_ENV.issuer]: 'https://acme.okta.com/oauth2/default',
        [DESKTOP_ENV.syncServerUrl]: 'https://latchkey.acme.example',
      }),
    ).toMatchObject({ ok: true, config: { clientId: 'latchkey-desktop', audience: 'api://latchkey' } });
  });

  it('says what is wrong with a malformed value', () => {
    expect(
      desktopConfigFromEnv({ [DESKTOP_ENV.issuer]: 'not a url', [DESKTOP_ENV.syncServerUrl]: 'https://x.example' }),
    ).toMatchObject({ ok: false, code: 'invalid_config' });
  });
});

describe('opening the system browser', () => {
  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'latchkey://launch/x', 'smb://host/share'])(
    'refuses %s without running anything',
    async (url) => {
      await expect(openInSystemBrowser(url, 'linux')).rejects.toThrow(/refusing/);
    },
  );
});

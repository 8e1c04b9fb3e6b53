import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../domain/desktop-settings';
import { DESKTOP_ENV, sessionConfigFrom } from '../../../../main/services/desktop-config';
import { openInSystemBrowser } from '../../../../main/services/session/os-browser';

describe('the session configuration from the settings in force', () => {
  const configured = {
    ...DEFAULT_SETTINGS,
    issuer: 'https://acme.okta.com/oauth2/default',
    syncServerUrl: 'https://latchkey.acme.example',
  };

  it('is absent until both the issuer and the sync server are set', () => {
    expect(sessionConfigFrom(DEFAULT_SETTINGS, {})).toBeNull();
    expect(sessionConfigFrom({ ...configured, syncServerUrl: null }, {})).toBeNull();
    expect(sessionConfigFrom({ ...configured, issuer: null }, {})).toBeNull();
  });

  it('fills the client and audience defaults the simulator and the Okta app use', () => {
    expect(sessionConfigFrom(configured, {})).toEqual({
      issuer: configured.issuer,
      syncServerUrl: configured.syncServerUrl,
      clientId: 'latchkey-desktop',
      audience: 'api://latchkey',
    });
  });

  it('takes the audience from its variable (the sync server’s --audience)', () => {
    expect(sessionConfigFrom(configured, { [DESKTOP_ENV.audience]: 'api://acme' })?.audience).toBe('api://acme');
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

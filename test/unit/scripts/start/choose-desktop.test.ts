import { describe, expect, it } from 'vitest';
import { chooseDesktop } from '../../../../scripts/start/choose-desktop';

const electron = { available: true as const, path: '/opt/electron/electron' };
const noElectron = { available: false as const, reason: "Electron's binary is not installed" };

describe('chooseDesktop (npm start)', () => {
  it('opens Electron where its binary exists and there is a display', () => {
    expect(chooseDesktop({ electron, display: ':0', chromium: '/usr/bin/chromium' })).toEqual({
      kind: 'electron',
      binary: '/opt/electron/electron',
    });
  });

  it('falls back to Chromium app mode without Electron', () => {
    expect(chooseDesktop({ electron: noElectron, display: ':0', chromium: '/usr/bin/chromium' })).toEqual({
      kind: 'chromium-app',
      chromium: '/usr/bin/chromium',
    });
  });

  it('prints the URL on a machine without a display, even with Electron installed', () => {
    expect(chooseDesktop({ electron, display: undefined, chromium: '/usr/bin/chromium' })).toMatchObject({
      kind: 'print-url',
      reason: expect.stringContaining('no display'),
    });
  });

  it('prints the URL, saying why, when neither Electron nor Chromium can open a window', () => {
    expect(chooseDesktop({ electron: noElectron, display: ':0', chromium: null })).toEqual({
      kind: 'print-url',
      reason: "Electron's binary is not installed, and no Chromium was found",
    });
  });
});

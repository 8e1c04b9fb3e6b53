import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../../domain/shortcuts';
import { type AppMenuOptions, appMenuTemplate, type MenuItemSpec } from '../../../../main/windows/app-menu';

function flat(items: MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => [item, ...flat(item.submenu ?? [])]);
}

function menu(overrides: Partial<AppMenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const locks: string[] = [];
  const logsOpened: number[] = [];
  const items = flat(
    appMenuTemplate({
      appName: 'Latchkey',
      packaged: true,
      mac: false,
      send: (c) => sent.push(c),
      lock: () => locks.push('lock'),
      openLogsFolder: () => logsOpened.push(1),
      ...overrides,
    }),
  );
  const byLabel = (label: string) => {
    const item = items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item ${label}`);
    return item;
  };
  return { items, sent, locks, logsOpened, byLabel, roles: items.map((i) => i.role).filter(Boolean) };
}

describe('application menu', () => {
  it('a packaged build has no Reload and no developer tools', () => {
    const { roles } = menu({ packaged: true });
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('toggleDevTools');
  });

  it('a development build keeps them', () => {
    const { roles } = menu({ packaged: false });
    expect(roles).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('its commands reach the renderer, with the keys the page handles itself', () => {
    const { byLabel, sent } = menu();
    for (const label of ['New Account', 'Find Account', 'Back', 'Keyboard Shortcuts']) byLabel(label).click?.();
    expect(sent).toEqual(['new-account', 'find', 'back', 'shortcuts']);
    expect(byLabel('Find Account')).toMatchObject({ accelerator: 'CmdOrCtrl+F', registerAccelerator: false });
    expect(byLabel('New Account')).toMatchObject({ accelerator: 'CmdOrCtrl+N', registerAccelerator: false });
    expect(byLabel('Back')).toMatchObject({ accelerator: 'Alt+Left', registerAccelerator: false });
  });

  it('File → Lock Now locks in main with Ctrl/Cmd+L, without asking the renderer', () => {
    const { byLabel, sent, locks } = menu();
    const item = byLabel('Lock Now');
    expect(item).toMatchObject({ accelerator: 'CmdOrCtrl+L' });
    expect(item.registerAccelerator).toBeUndefined();
    item.click?.();
    expect(locks).toEqual(['lock']);
    expect(sent).toEqual([]);
  });

  it('keeps the Edit roles text fields need (copy and paste), and a Quit', () => {
    const { roles } = menu();
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']));
  });

  it('on macOS starts with the app menu (About, Hide, Quit) named for the app', () => {
    const top = appMenuTemplate({
      appName: 'Latchkey',
      packaged: true,
      mac: true,
      send: () => {},
      lock: () => {},
      openLogsFolder: () => {},
    });
    expect(top[0]?.label).toBe('Latchkey');
    expect(flat(top[0]?.submenu ?? []).map((i) => i.role)).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
  });

  it("Help → Open Logs Folder opens the log file's folder from main, in packaged builds too", () => {
    const { byLabel, logsOpened, sent } = menu({ packaged: true });
    byLabel('Open Logs Folder').click?.();
    expect(logsOpened).toHaveLength(1);
    expect(sent).toEqual([]);
  });
});

import { type MenuCommand, SHORTCUTS } from '../../domain/shortcuts';

// The application menu as plain data, so it is tested without Electron; main/index.ts hands it to
// Menu.buildFromTemplate. The type is the part of Electron's MenuItemConstructorOptions we use.

export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front';

export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  type?: 'separator' | 'normal';
  accelerator?: string;
  /** False: the menu shows the keys but leaves them to the page, which handles the same shortcut. */
  registerAccelerator?: boolean;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface AppMenuOptions {
  appName: string;
  /** `app.isPackaged`: a packaged build has no Reload and no developer tools. */
  packaged: boolean;
  mac: boolean;
  /** Runs a command in the renderer (the `menu:command` event). */
  send(command: MenuCommand): void;
  /** Locks the session in main itself: the renderer is not asked (or trusted) to lock. */
  lock(): void;
  /** Help → Open Logs Folder: main shows the log file's folder (main/logging/app-log.ts). */
  openLogsFolder(): void;
}

const separator: MenuItemSpec = { type: 'separator' };

export function appMenuTemplate(options: AppMenuOptions): MenuItemSpec[] {
  const command = (name: MenuCommand, label: string): MenuItemSpec => {
    const shortcut = SHORTCUTS.find((s) => s.command === name);
    return {
      label,
      ...(shortcut?.accelerator ? { accelerator: shortcut.accelerator, registerAccelerator: false } : {}),
      click: () => options.send(name),
    };
  };
  const lockShortcut = SHORTCUTS.find((s) => s.command === 'lock');
  const developer: MenuItemSpec[] = options.packaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator];
  return [
    ...(options.mac
      ? [
          {
            label: options.appName,
            submenu: [
              { role: 'about' },
              separator,
              { role: 'services' },
              separator,
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              separator,
              { role: 'quit' },
            ] satisfies MenuItemSpec[],
          },
        ]
      : []),
    {
      label: '&File',
      submenu: [
        command('new-account', 'New Account'),
        separator,
        // Registered in main, so the keys lock even when the page does not answer.
        { label: 'Lock Now', accelerator: lockShortcut?.accelerator, click: () => options.lock() },
        separator,
        options.mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        separator,
        command('find', 'Find Account'),
      ],
    },
    {
      label: '&View',
      submenu: [
        command('back', 'Back'),
        separator,
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Window',
      submenu: options.mac
        ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
        : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: '&Help',
      submenu: [
        command('shortcuts', 'Keyboard Shortcuts'),
        separator,
        { label: 'Open Logs Folder', click: () => options.openLogsFolder() },
      ],
    },
  ];
}

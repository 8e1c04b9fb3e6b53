import { describe, expect, it, vi } from 'vitest';
import type { WindowState } from '../../../../main/windows/window-state';

// BrowserWindow is Electron's (no binary here): a stand-in records what our factory asks of it, and
// lets the test close or maximize it as the user would.
type Listener = () => void;
type NavigationHandler = (event: { preventDefault(): void }, url?: string) => void;
const windows: Array<{
  options: Record<string, unknown>;
  loaded: string[];
  navigation: Map<string, NavigationHandler>;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null;
  emit(name: string): void;
  maximized: boolean;
  shown: boolean;
  normalBounds: { x: number; y: number; width: number; height: number };
}> = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    readonly webContents = {
      on: (name: string, handler: NavigationHandler) => this.record.navigation.set(name, handler),
      setWindowOpenHandler: (handler: (typeof windows)[number]['windowOpenHandler']) => {
        this.record.windowOpenHandler = handler;
      },
    };
    private readonly listeners = new Map<string, Listener[]>();
    private readonly record: (typeof windows)[number];
    constructor(options: Record<string, unknown>) {
      const bounds = options as { x?: number; y?: number; width: number; height: number };
      this.record = {
        options,
        loaded: [],
        navigation: new Map(),
        windowOpenHandler: null,
        emit: (name) => {
          for (const listener of this.listeners.get(name) ?? []) listener();
        },
        maximized: false,
        shown: false,
        normalBounds: { x: bounds.x ?? 0, y: bounds.y ?? 0, width: bounds.width, height: bounds.height },
      };
      windows.push(this.record);
    }
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    }
    once(name: string, listener: Listener) {
      this.on(name, listener);
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    getNormalBounds() {
      return this.record.normalBounds;
    }
    isMaximized() {
      return this.record.maximized;
    }
    maximize() {
      this.record.maximized = true;
    }
    show() {
      this.record.shown = true;
    }
  },
  app: { getPath: () => '/nonexistent' },
  screen: { getAllDisplays: () => [] },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
}));

const { createMainWindow } = await import('../../../../main/windows/main-window');

describe('createMainWindow', () => {
  createMainWindow('/app/out/preload');
  const window = windows.at(-1);

  it('isolates and sandboxes the renderer, with the bundled preload', () => {
    expect(window?.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
  });

  it('loads our app origin, not a file URL', () => {
    expect(window?.loaded).toEqual(['app://latchkey/index.html']);
  });

  it.each(['will-navigate', 'will-redirect'])('cancels every %s', (name) => {
    const event = { preventDefault: vi.fn() };
    window?.navigation.get(name)?.(event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies window.open', () => {
    expect(window?.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

function memoryFile(initial: WindowState | null) {
  const file = {
    saved: initial,
    load: () => file.saved,
    save: (state: WindowState) => {
      file.saved = state;
    },
  };
  return file;
}

describe('the main window remembers its state', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1050 };

  it('opens with the saved bounds, maximized again if it was, and saves the normal bounds on close', () => {
    const file = memoryFile({ x: 200, y: 100, width: 1300, height: 800, maximized: true });
    createMainWindow('/app/out/preload', { file, displays: () => [display] });
    const win = windows.at(-1);
    expect(win?.options).toMatchObject({ x: 200, y: 100, width: 1300, height: 800 });
    win?.emit('ready-to-show');
    expect(win).toMatchObject({ maximized: true, shown: true });

    if (win) win.normalBounds = { x: 300, y: 150, width: 1000, height: 700 };
    win?.emit('close');
    expect(file.saved).toEqual({ x: 300, y: 150, width: 1000, height: 700, maximized: true });
  });

  it('opens at the default size the first time, and keeps working when the state cannot be saved', () => {
    const file = {
      load: () => null,
      save: () => {
        throw new Error('read-only userData');
      },
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    createMainWindow('/app/out/preload', { file, displays: () => [display] });
    const win = windows.at(-1);
    expect(win?.options).toMatchObject({ width: 1100, height: 720 });
    expect(win?.options).not.toHaveProperty('x');
    expect(() => win?.emit('close')).not.toThrow();
    expect(quiet).toHaveBeenCalledWith('[main] could not save the window state', expect.any(Error));
    quiet.mockRestore();
  });
});

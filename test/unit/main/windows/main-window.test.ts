import { describe, expect, it, vi } from 'vitest';

// BrowserWindow is Electron's (no binary here): a stand-in records what our factory asks of it.
const created: Array<{ options: Record<string, unknown>; loaded: string[] }> = [];
const webContentsHandlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
let windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
vi.mock('electron', () => ({
  BrowserWindow: class {
    readonly webContents = {
      on: (name: string, handler: (event: { preventDefault(): void }) => void) =>
        webContentsHandlers.set(name, handler),
      setWindowOpenHandler: (handler: typeof windowOpenHandler) => {
        windowOpenHandler = handler;
      },
    };
    private readonly record: { options: Record<string, unknown>; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [] };
      created.push(this.record);
    }
    once() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
}));

const { createMainWindow } = await import('../../../../main/windows/main-window');

describe('createMainWindow', () => {
  createMainWindow('/app/out/preload');
  const window = created[0];

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
    webContentsHandlers.get(name)?.(event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies window.open', () => {
    expect(windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron's runtime cannot run here (no binary), so `ipcMain` is the one edge replaced: a map of
// the handlers our wrapper registers, called the way Electron calls them.
type Handler = (event: { senderFrame: { url: string } | null }, input: unknown) => unknown;
const registered = new Map<string, Handler>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => registered.set(channel, handler),
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));

const { ipcChannels } = await import('../../../../domain/ipc-contract');
const { registerIpcHandlers } = await import('../../../../main/ipc/electron-ipc');

const appOrigin = { protocol: 'app:', host: 'latchkey' };
const calls: Array<[unknown, unknown]> = [];
const dispatch = async (channel: unknown, input: unknown) => {
  calls.push([channel, input]);
  return { ok: true as const, value: 'dispatched' };
};

describe('registerIpcHandlers (Electron main)', () => {
  beforeEach(() => {
    registered.clear();
    calls.length = 0;
  });

  it('registers exactly the contract channels, and unregisters them', () => {
    const unregister = registerIpcHandlers(dispatch, appOrigin);
    expect([...registered.keys()].sort()).toEqual(Object.keys(ipcChannels).sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('passes a call from our page to the dispatcher', async () => {
    registerIpcHandlers(dispatch, appOrigin);
    const result = await registered.get('app:info')?.({ senderFrame: { url: 'app://latchkey/index.html' } }, undefined);
    expect(result).toEqual({ ok: true, value: 'dispatched' });
    expect(calls).toEqual([['app:info', undefined]]);
  });

  it.each([
    ['a page that navigated elsewhere', { url: 'https://evil.example/' }],
    ['a file URL', { url: 'file:///etc/passwd' }],
    ['a look-alike host', { url: 'app://latchkey.evil/' }],
    ['a destroyed frame', null],
  ])('refuses %s before parsing anything', async (_label, senderFrame) => {
    registerIpcHandlers(dispatch, appOrigin);
    const result = await registered.get('app:info')?.({ senderFrame }, { anything: true });
    expect(result).toMatchObject({ ok: false, code: 'untrusted-sender' });
    expect(calls).toEqual([]);
  });
});

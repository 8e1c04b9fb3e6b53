import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LatchkeyApi } from '../../../domain/ipc-contract';

// The preload runs only inside Electron; its two collaborators (contextBridge, ipcRenderer) are the
// edge replaced here, so what it exposes to the page can be checked without the binary.
const exposed = new Map<string, unknown>();
const invoked: Array<[string, unknown]> = [];
const subscribed = new Map<string, (event: unknown, payload: unknown) => void>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return { ok: true, value: 'from main' };
    },
    on: (event: string, listener: (event: unknown, payload: unknown) => void) => subscribed.set(event, listener),
    removeListener: (event: string) => subscribed.delete(event),
  },
}));

let api: LatchkeyApi;
beforeAll(async () => {
  await import('../../../preload/index');
  api = exposed.get('latchkey') as LatchkeyApi;
});

describe('preload', () => {
  it('exposes only window.latchkey with invoke and on', () => {
    expect([...exposed.keys()]).toEqual(['latchkey']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards a contract call to main', async () => {
    expect(await api.invoke('app:info')).toEqual({ ok: true, value: 'from main' });
    expect(invoked).toContainEqual(['app:info', undefined]);
  });

  it('refuses a channel outside the contract without reaching main', async () => {
    const before = invoked.length;
    const untyped = api.invoke as (channel: string) => Promise<unknown>;
    expect(await untyped('shell:open-external')).toMatchObject({ ok: false, code: 'unknown-channel' });
    expect(invoked).toHaveLength(before);
  });

  it('hands listeners the payload only, never the IPC event (it carries the sender)', () => {
    const received: unknown[] = [];
    const unsubscribe = api.on('launch:requested', (payload) => received.push(payload));
    subscribed.get('launch:requested')?.({ sender: 'ipc event' }, { accountId: 'acct_1' });
    expect(received).toEqual([{ accountId: 'acct_1' }]);
    unsubscribe();
    expect(subscribed.has('launch:requested')).toBe(false);
  });

  it('refuses to subscribe to an event outside the contract', () => {
    const untyped = api.on as (event: string, listener: () => void) => () => void;
    expect(() => untyped('ipc:raw', () => {})).toThrow(TypeError);
  });
});

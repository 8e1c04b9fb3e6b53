import { describe, expect, it } from 'vitest';
import { createDispatch, type DispatchLog } from '../../../../main/ipc/dispatch';
import { createIpcHandlers } from '../../../../main/ipc/handlers';
import { createAppInfoService } from '../../../../main/services/app-info';

function setup(info = () => ({ version: '0.1.0', platform: 'linux', host: 'browser' as const })) {
  const logged: Parameters<DispatchLog>[] = [];
  const dispatch = createDispatch(createIpcHandlers({ appInfo: { info } }), (...args) => logged.push(args));
  return { dispatch, logged };
}

describe('the IPC wrapper', () => {
  it('answers a contract call with the service result', async () => {
    const dispatch = createDispatch(createIpcHandlers({ appInfo: createAppInfoService('browser', 'linux') }), () => {});
    expect(await dispatch('app:info', undefined)).toEqual({
      ok: true,
      value: { version: '0.1.0', platform: 'linux', host: 'browser' },
    });
  });

  it.each(['app:quit', 'constructor', '__proto__', 'toString', '', 42, null, { channel: 'app:info' }])(
    'refuses a channel outside the contract: %j',
    async (channel) => {
      const { dispatch } = setup();
      expect(await dispatch(channel, undefined)).toMatchObject({ ok: false, code: 'unknown-channel' });
    },
  );

  it.each([{}, 'x', 1, [undefined]])('refuses input the contract does not allow: %j', async (input) => {
    const { dispatch } = setup();
    expect(await dispatch('app:info', input)).toMatchObject({ ok: false, code: 'bad-input' });
  });

  it('strips fields a service returns beyond the contract, so nothing extra leaks', async () => {
    const { dispatch } = setup(() => ({
      version: '0.1.0',
      platform: 'linux',
      host: 'browser',
      refreshToken: 'secret-refresh-token',
    }));
    const result = await dispatch('app:info', undefined);
    expect(result).toEqual({ ok: true, value: { version: '0.1.0', platform: 'linux', host: 'browser' } });
  });

  it('turns a service failure into a handler-failed result without echoing its message', async () => {
    const { dispatch, logged } = setup(() => {
      throw new Error('database password is hunter2');
    });
    const result = await dispatch('app:info', undefined);
    expect(result).toEqual({ ok: false, code: 'handler-failed', message: 'app:info failed' });
    expect(logged).toHaveLength(1);
    expect(logged[0]?.[1]).toMatchObject({ channel: 'app:info' });
  });

  it('refuses an output that breaks the contract', async () => {
    const { dispatch } = setup(() => ({ version: '', platform: 'linux', host: 'browser' }));
    expect(await dispatch('app:info', undefined)).toMatchObject({ ok: false, code: 'handler-failed' });
  });

  // The sync proxy parsed the page with the wire's per-collection schema as it came from the
  // server; the contract checks only its envelope, so thousands of records are not parsed again.
  describe('a pull page', () => {
    const pullWith = (value: unknown) =>
      createDispatch(
        {
          ...createIpcHandlers({ appInfo: createAppInfoService('browser', 'linux') }),
          'sync:pull': () => value as never,
        },
        () => {},
      )('sync:pull', { collection: 'accounts', checkpoint: null, limit: 10 });

    it('passes through with its documents as the proxy parsed them', async () => {
      const documents = [{ id: 'acct-1', _deleted: true }];
      const result = await pullWith({ ok: true, value: { documents, checkpoint: { seq: 3 } } });
      expect(result).toEqual({ ok: true, value: { ok: true, value: { documents, checkpoint: { seq: 3 } } } });
      const page = result.ok ? (result.value as { value: { documents: unknown } }).value : null;
      expect(page?.documents).toBe(documents);
    });

    it.each([
      { documents: 'none', checkpoint: { seq: 3 } },
      { documents: [], checkpoint: { seq: -1 } },
      { documents: [], checkpoint: { seq: 3 }, resync: false },
    ])('is refused when its envelope breaks the contract: %j', async (page) => {
      expect(await pullWith({ ok: true, value: page })).toMatchObject({ ok: false, code: 'handler-failed' });
    });
  });
});

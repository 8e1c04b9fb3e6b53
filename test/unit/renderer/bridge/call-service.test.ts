import { describe, expect, expectTypeOf, it } from 'vitest';
import { ipcFailure, type LatchkeyApi } from '../../../../domain/ipc-contract';
import { callService, type OutcomeChannel } from '../../../../renderer/src/bridge/call-service';

function host(answer: unknown) {
  const sent: Array<{ channel: string; input: unknown }> = [];
  const api = {
    invoke: (async (channel: string, input?: unknown) => {
      sent.push({ channel, input });
      return answer;
    }) as LatchkeyApi['invoke'],
  };
  return { api, sent };
}

describe('callService: the IPC call and the service’s outcome as one result', () => {
  it('hands on the service’s value', async () => {
    const { api, sent } = host({ ok: true, value: { ok: true, value: { clearAfterSeconds: 30 } } });
    expect(await callService(api, 'clipboard:copy', { text: 'x', clearAfterSeconds: 30 })).toEqual({
      ok: true,
      value: { clearAfterSeconds: 30 },
    });
    expect(sent).toEqual([{ channel: 'clipboard:copy', input: { text: 'x', clearAfterSeconds: 30 } }]);
  });

  it('hands on the service’s failure as it is', async () => {
    const failure = { ok: false, code: 'bad_response', reason: 'HTTP 502', status: 502 };
    expect(await callService(host({ ok: true, value: failure }).api, 'replica:key')).toEqual(failure);
  });

  it('turns a failed IPC call into a failure with its code, the message as the reason', async () => {
    const { api } = host(ipcFailure('disconnected', 'The connection to the Latchkey host closed.'));
    expect(await callService(api, 'session:unlock')).toEqual({
      ok: false,
      code: 'disconnected',
      reason: 'The connection to the Latchkey host closed.',
    });
  });

  it('takes only the channels whose answer is an outcome', () => {
    expectTypeOf<'sync:pull' | 'api:request' | 'settings:save'>().toExtend<OutcomeChannel>();
    expectTypeOf<'session:status'>().not.toExtend<OutcomeChannel>();
    expectTypeOf<'launch:open'>().not.toExtend<OutcomeChannel>();
  });
});

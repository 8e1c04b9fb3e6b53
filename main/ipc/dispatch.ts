import {
  type IpcChannel,
  type IpcInput,
  type IpcOutput,
  type IpcResult,
  ipcChannels,
  ipcFailure,
  isIpcChannel,
} from '../../domain/ipc-contract';

/** One function per channel; the contract's types keep the map complete and exact. */
export type IpcHandlers = {
  [C in IpcChannel]: (input: IpcInput<C>) => Promise<IpcOutput<C>> | IpcOutput<C>;
};

export type Dispatch = (channel: unknown, input: unknown) => Promise<IpcResult<unknown>>;

export type DispatchLog = (message: string, context: Record<string, unknown>) => void;

/**
 * The one path from an untrusted caller to a service, shared by Electron IPC and the browser host.
 * Channel and input arrive as `unknown` and are checked before any handler runs. The output is
 * parsed too: zod strips keys the schema does not name, so a service cannot leak a field (a token,
 * a secret) the contract does not promise. Sender checks happen in each transport before this.
 */
export function createDispatch(handlers: IpcHandlers, log: DispatchLog): Dispatch {
  return async (channel, input) => {
    if (!isIpcChannel(channel)) {
      return ipcFailure('unknown-channel', `No such channel: ${String(channel).slice(0, 80)}`);
    }
    const spec = ipcChannels[channel];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      return ipcFailure('bad-input', `Invalid input for ${channel}: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = spec.output.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (error) {
      // Inputs and outputs may carry secrets, so only the channel and the error go to the log.
      log('ipc handler failed', { channel, error });
      return ipcFailure('handler-failed', `${channel} failed`);
    }
  };
}

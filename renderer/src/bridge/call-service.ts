import type { IpcChannel, IpcInputArgs, IpcOutput, LatchkeyApi, ServiceFailure } from '../../../domain/ipc-contract';

/**
 * The channels whose answer is a service's outcome, `{ ok: true, value }` or a `ServiceFailure`
 * (`{ ok: false, code, reason, status? }`): sign-in, unlock, sync, api calls, the replica key,
 * the clipboard, the logs folder, the settings.
 */
export type OutcomeChannel = {
  [C in IpcChannel]: IpcOutput<C> extends { ok: true; value: unknown } | ServiceFailure ? C : never;
}[IpcChannel];

/** The service's outcome, or the IPC call's own failure as one: a single `ok` to look at. */
export type ServiceOutcome<C extends OutcomeChannel> = IpcOutput<C> | ServiceFailure;

/**
 * Calls a service through the host. Such a call has two layers that can fail: the IPC call itself
 * (the host disconnected, refused the input…, `IpcFailure` with a `message`) and then the service
 * (offline, not signed in, locked…). Both mean "it did not happen, and here is why", so the first
 * is folded into the second here, keeping its code (`disconnected`, `bad-input`…) and giving its
 * message as the `reason`.
 */
export async function callService<C extends OutcomeChannel>(
  api: Pick<LatchkeyApi, 'invoke'>,
  channel: C,
  ...input: IpcInputArgs<C>
): Promise<ServiceOutcome<C>> {
  const answer = await api.invoke(channel, ...input);
  if (!answer.ok) return { ok: false, code: answer.code, reason: answer.message };
  return answer.value;
}

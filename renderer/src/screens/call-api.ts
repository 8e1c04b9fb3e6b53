import type { LatchkeyApi } from '../../../domain/ipc-contract';

export type ApiOutcome = { ok: true; status: number; body: unknown } | { ok: false; code: string; message: string };

/**
 * One sync-server call through the host's allow-listed passthrough (`api:request`), reduced to
 * what a screen shows: success, or a message a person can act on (the server's own message when
 * it sent one in the wire ErrorBody shape).
 */
export async function callApi(
  api: LatchkeyApi,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiOutcome> {
  const answer = await api.invoke('api:request', { method, path, body });
  if (!answer.ok) return { ok: false, code: answer.code, message: answer.message };
  if (!answer.value.ok) {
    const offline = answer.value.code === 'offline';
    return {
      ok: false,
      code: answer.value.code,
      message: offline
        ? 'You are offline: this needs the sync server. Try again when you are back online.'
        : answer.value.reason,
    };
  }
  const { status, body: answerBody } = answer.value.value;
  if (status >= 200 && status < 300) return { ok: true, status, body: answerBody };
  const error = (answerBody as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    ok: false,
    code: typeof error?.code === 'string' ? error.code : `http_${status}`,
    message: typeof error?.message === 'string' ? error.message : `The sync server answered HTTP ${status}.`,
  };
}

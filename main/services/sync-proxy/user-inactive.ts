/**
 * The sync server's verdict that the signed-in person was deprovisioned: `403` with the wire error
 * code `user_inactive` (sync-server/auth/authenticate.ts). Any call may be the first to meet it — a
 * pull, a push, a REST call or the live stream's reconnection — and each reports it the same way,
 * so main ends the session and wipes the device once (desktop-services.ts).
 */
import { ErrorBody } from '../../../domain/wire/replication';

export function isUserInactive(status: number, body: unknown): boolean {
  if (status !== 403) return false;
  const parsed = ErrorBody.safeParse(body);
  return parsed.success && parsed.data.error.code === 'user_inactive';
}

/** Reads a 403 answer's body without consuming it (the caller still reads or relays the response). */
export async function responseSaysUserInactive(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  try {
    return isUserInactive(response.status, await response.clone().json());
  } catch {
    // Not JSON: not the server's wire error body, so not its verdict.
    return false;
  }
}

/**
 * The wire contract of "who am I", read by the server's route and the desktop replica.
 *
 *   GET /api/v1/me  → Me   (every active member, about themselves only)
 *
 * The server maps the access token's subject to a user record (the SCIM external ID); a replica
 * cannot do that itself, because the external IDs it holds are redacted for everyone below Admin.
 * The answer is the caller's own record as their replica holds it, without the Okta id: the id is
 * what the desktop needs to find itself among the replicated users.
 */
import type { z } from 'zod';
import { User } from '../records';

export const Me = User.pick({
  id: true,
  userName: true,
  givenName: true,
  familyName: true,
  role: true,
  allAccess: true,
}).strict();
export type Me = z.infer<typeof Me>;

/** The caller's own record as `GET /api/v1/me` answers it. */
export function meOf(user: User): Me {
  return {
    id: user.id,
    userName: user.userName,
    givenName: user.givenName,
    familyName: user.familyName,
    role: user.role,
    allAccess: user.allAccess,
  };
}

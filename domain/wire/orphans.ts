/**
 * The wire contract of orphaned-account recovery, read by the server's routes and the desktop's
 * Orphaned accounts screen. Answers carry names and the app only: never credentials, the
 * username or the login URL — the admin asking may hold no role on these accounts.
 *
 *   GET  /api/v1/accounts/orphaned        → OrphanedList        (admins and above)
 *   POST /api/v1/accounts/:id/owner  { userId } → NewOwnerAnswer (admins and above)
 */
import { z } from 'zod';
import { Id } from '../records';
import { text } from '../text';

export const FormerOwner = z.object({ id: Id, name: text(401) });
export type FormerOwner = z.infer<typeof FormerOwner>;

export const OrphanedAccountEntry = z.object({
  id: Id,
  name: text(200, 1),
  appName: text(200, 1),
  rotationRequired: z.boolean(),
  formerOwners: z.array(FormerOwner),
});
export type OrphanedAccountEntry = z.infer<typeof OrphanedAccountEntry>;

export const OrphanedList = z.object({ accounts: z.array(OrphanedAccountEntry) });
export type OrphanedList = z.infer<typeof OrphanedList>;

export const NewOwnerBody = z.object({ userId: Id }).strict();
export type NewOwnerBody = z.infer<typeof NewOwnerBody>;

export const NewOwnerAnswer = z.object({ accountId: Id, userId: Id, shareId: Id });
export type NewOwnerAnswer = z.infer<typeof NewOwnerAnswer>;

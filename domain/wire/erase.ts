/**
 * The wire contract of permanent deletion, read by the server's route and the member details
 * screen:
 *
 *   POST /api/v1/users/:id/erase   (no body)   → EraseAnswer   (Owners; domain/user-erasure.ts)
 *
 * Refusals are the usual `{ error: { code, message } }`: 403 with the policy's reason for a caller
 * who is not an Owner, 403 `erase_self`, 404 `user_unknown_target`, 409 `user_still_active`.
 */
import { z } from 'zod';
import { Id, Timestamp } from '../records';

export const EraseAnswer = z.object({
  userId: Id,
  erasedAt: Timestamp,
  /** Empty when the user had been erased already: nothing was written again. */
  removedShareIds: z.array(Id),
  leftTeamIds: z.array(Id),
});
export type EraseAnswer = z.infer<typeof EraseAnswer>;

/**
 * The wire contract of personal All-Access Mode, read by the server's route and the desktop's
 * My Profile toggle and header indicator.
 *
 *   PUT /api/v1/me/all-access  { on }  → AllAccessState   (Super Admins and Owners, for themselves)
 *
 * The mode is a field of the caller's own user record (`User.allAccess`), so the new state also
 * reaches every replica by replication; the answer only saves the desktop a round trip.
 */
import { z } from 'zod';

export const SetAllAccessBody = z.object({ on: z.boolean() }).strict();
export type SetAllAccessBody = z.infer<typeof SetAllAccessBody>;

export const AllAccessState = z.object({ on: z.boolean() });
export type AllAccessState = z.infer<typeof AllAccessState>;

/** One sentence for every place that offers the mode. */
export const ALL_ACCESS_EXPLAINED =
  'All-Access Mode lets you see every account and collection in the workspace and reassign Owners. It never shows passwords and never adds Okta chiclets.';

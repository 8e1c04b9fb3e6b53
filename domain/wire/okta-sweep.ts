/**
 * The drift sweep as `GET /api/v1/okta/status` reports it (field `sweep`): how often it runs,
 * whether one runs now, and what the last one found and fixed (`driftFound`, `driftFixed`: the
 * changes made in Okta behind Latchkey's back, e.g. an extra assignment, a group, a relabel).
 */
import { z } from 'zod';

export const OktaSweepStatus = z.object({
  /** Time between sweeps; null when the sweep is off or Okta is not configured. */
  intervalMs: z.number().int().min(0).nullable(),
  running: z.boolean(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  accounts: z.number().int().min(0),
  driftFound: z.number().int().min(0),
  driftFixed: z.number().int().min(0),
  apiCalls: z.number().int().min(0),
  /** Why the last sweep stopped early; null when it finished. */
  lastError: z.string().nullable(),
});
export type OktaSweepStatus = z.infer<typeof OktaSweepStatus>;

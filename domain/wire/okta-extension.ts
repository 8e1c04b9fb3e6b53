/**
 * The wire contract of the Extended account access commands (sync-server/okta/routes.ts), the one
 * write path for Okta state: a replicated push cannot change it (domain/change-policy.ts). The
 * desktop's screens parse the answers where they enter the renderer.
 *
 *   PUT    /api/v1/workspace/extended-access   { enabled } → ExtendedAccessAnswer
 *   POST   /api/v1/workspace/remove-all-extensions        → RemoveAllAnswer
 *   POST | DELETE /api/v1/accounts/:id/extend, POST /api/v1/accounts/:id/sync → AccountExtensionAnswer
 *   POST | DELETE /api/v1/collections/:id/extend          → CollectionExtensionAnswer
 *   POST   /api/v1/me/sync-extended                       → SyncExtendedAnswer
 *
 * The new state also reaches every replica by replication; an answer only says what was accepted.
 */
import { z } from 'zod';
import { Account, Collection } from '../records';

export const ExtendedAccessBody = z.object({ enabled: z.boolean() });
export type ExtendedAccessBody = z.infer<typeof ExtendedAccessBody>;

/** `message`: what turning the feature on or off means now (off: which apps stay in Okta). */
export const ExtendedAccessAnswer = z.object({ enabled: z.boolean(), message: z.string() });
export type ExtendedAccessAnswer = z.infer<typeof ExtendedAccessAnswer>;

export const RemoveAllAnswer = z.object({ removing: z.number().int().min(0), message: z.string() });
export type RemoveAllAnswer = z.infer<typeof RemoveAllAnswer>;

export const AccountExtension = Account.pick({
  id: true,
  extensionState: true,
  extendedAt: true,
  lastSyncedAt: true,
  lastError: true,
});
export type AccountExtension = z.infer<typeof AccountExtension>;
export const AccountExtensionAnswer = z.object({ account: AccountExtension });
export type AccountExtensionAnswer = z.infer<typeof AccountExtensionAnswer>;

/** `accounts`: how many of the collection's accounts changed with it. */
export const CollectionExtensionAnswer = z.object({
  collection: Collection.pick({ id: true, extended: true, extendedAt: true }),
  accounts: z.number().int().min(0),
});
export type CollectionExtensionAnswer = z.infer<typeof CollectionExtensionAnswer>;

/** How many of the caller's extended accounts were queued. */
export const SyncExtendedAnswer = z.object({ accounts: z.number().int().min(0) });
export type SyncExtendedAnswer = z.infer<typeof SyncExtendedAnswer>;

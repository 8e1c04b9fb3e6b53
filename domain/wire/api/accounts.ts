/** Account logos and orphaned-account recovery (sync-server/accounts/*-routes.ts). */
import { z } from 'zod';
import { LogoAnswer, LogoIndex, LogoMediaType, LogoUpload } from '../../account-logo';
import { Id } from '../../records';
import { NewOwnerAnswer, NewOwnerBody, OrphanedList } from '../orphans';
import { defineRoute } from './define-route';
import { DENY_REASONS, GATE_ERRORS, LOGO_REFUSALS, NEW_OWNER_REFUSALS } from './errors';
import { IdParams } from './okta';

export const LogoSetAnswer = z.object({ accountId: Id, mediaType: LogoMediaType, digest: z.string() });
export type LogoSetAnswer = z.infer<typeof LogoSetAnswer>;
export const LogoRemoveAnswer = z.object({ accountId: Id, removed: z.boolean() });
export type LogoRemoveAnswer = z.infer<typeof LogoRemoveAnswer>;

const DENIED = [...GATE_ERRORS, ...DENY_REASONS] as const;

export const accountsApi = {
  /** Which accounts the caller sees have a logo, and its digest. */
  logoIndex: defineRoute({
    method: 'GET',
    path: '/api/v1/accounts/logos',
    response: LogoIndex,
    errors: GATE_ERRORS,
    desktop: true,
  }),
  /** Whoever may see the account; 404 `not_found` when it has no logo. */
  logo: defineRoute({
    method: 'GET',
    path: '/api/v1/accounts/:id/logo',
    params: IdParams,
    response: LogoAnswer,
    errors: [...DENIED, 'not_found'],
    desktop: true,
  }),
  /** Account Owners; re-encoded before it is stored. */
  setLogo: defineRoute({
    method: 'PUT',
    path: '/api/v1/accounts/:id/logo',
    params: IdParams,
    body: LogoUpload,
    response: LogoSetAnswer,
    errors: [...DENIED, ...LOGO_REFUSALS],
    desktop: true,
  }),
  removeLogo: defineRoute({
    method: 'DELETE',
    path: '/api/v1/accounts/:id/logo',
    params: IdParams,
    response: LogoRemoveAnswer,
    errors: DENIED,
    desktop: true,
  }),
  /** Admins: accounts with no active Owner, and who owned them. */
  orphanedAccounts: defineRoute({
    method: 'GET',
    path: '/api/v1/accounts/orphaned',
    response: OrphanedList,
    errors: DENIED,
    desktop: true,
  }),
  /** Admins give an orphaned account a new Owner (domain/orphaned-accounts.ts decides). */
  giveOwner: defineRoute({
    method: 'POST',
    path: '/api/v1/accounts/:id/owner',
    params: IdParams,
    body: NewOwnerBody,
    response: NewOwnerAnswer,
    errors: [...DENIED, ...NEW_OWNER_REFUSALS, 'not_found'],
    desktop: true,
  }),
} as const;

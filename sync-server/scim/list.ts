/**
 * List query parameters and the ListResponse envelope (RFC 7644 §3.4.2).
 */
import { z } from 'zod';
import { SCIM_LIST_SCHEMA } from '../../domain/scim-schemas';
import { text } from '../../domain/text';
import { badRequest } from './errors';

/** Largest page served; a larger `count` is lowered to it (RFC 7644 §3.4.2.4 lets the provider cap it). */
export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 100;

const Integer = z
  .string()
  .regex(/^-?\d{1,9}$/, 'must be an integer')
  .transform(Number);

const ListQuery = z.looseObject({
  filter: text(4096).optional(),
  startIndex: Integer.optional(),
  count: Integer.optional(),
});

/** A SCIM list request (RFC 7644 §3.4.2) as parsed from its query string. */
export interface ListRequest {
  filter: string | undefined;
  /** 1-based, as in SCIM. */
  startIndex: number;
  count: number;
}

export function parseListQuery(query: unknown): ListRequest {
  const parsed = ListQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const scimType = issue?.path[0] === 'filter' ? 'invalidFilter' : 'invalidValue';
    throw badRequest(scimType, `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  const { filter, startIndex, count } = parsed.data;
  return {
    filter: filter?.trim() ? filter : undefined,
    // RFC 7644 §3.4.2.4: "A value less than 1 SHALL be interpreted as 1"; a negative count as 0.
    startIndex: Math.max(1, startIndex ?? 1),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count ?? DEFAULT_PAGE_SIZE)),
  };
}

export interface ListResponse<T> {
  schemas: [typeof SCIM_LIST_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

export function listResponse<T>(resources: T[], totalResults: number, page: ListRequest): ListResponse<T> {
  return {
    schemas: [SCIM_LIST_SCHEMA],
    totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

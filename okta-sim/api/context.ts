import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { OrgActions } from '../org-actions';
import { type CursorPage, linkHeader } from './pagination';

export interface ApiContext {
  actions: OrgActions;
  baseUrl: () => string;
}

/** Query parameters common to Okta list endpoints. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).optional(),
  after: z.string().min(1).optional(),
  q: z.string().optional(),
  filter: z.string().optional(),
  search: z.string().optional(),
  expand: z.string().optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export function sendPage<T extends { seq: number }, J>(
  reply: FastifyReply,
  ctx: ApiContext,
  path: string,
  query: Record<string, unknown>,
  page: CursorPage<T>,
  toJson: (item: T) => J,
): J[] {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') q[k] = v;
  reply.header('Link', linkHeader(ctx.baseUrl(), path, q, page.nextCursor));
  return page.items.map(toJson);
}

export const IdParam = z.object({ id: z.string().min(1).max(200) });

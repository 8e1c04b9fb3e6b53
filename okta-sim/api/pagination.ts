/**
 * Cursor pagination as Okta does it (developer.okta.com/docs/api/#pagination): `limit` caps the
 * page, `after` is an opaque cursor, and the `Link` header carries `rel="self"` and, when more
 * results exist, `rel="next"`. Cursors here encode the creation sequence of the last item, so
 * they stay valid when earlier items are deleted.
 */
export interface PageRequest {
  limit?: number | undefined;
  after?: string | undefined;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | undefined;
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const m = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Items must be sorted by `seq`. An unreadable cursor yields an empty page, as Okta does. */
export function paginate<T extends { seq: number }>(
  items: T[],
  req: PageRequest,
  defaults: { limit: number; max: number },
): CursorPage<T> {
  const limit = Math.min(Math.max(1, req.limit ?? defaults.limit), defaults.max);
  const afterSeq = req.after === undefined ? 0 : (decodeCursor(req.after) ?? Number.POSITIVE_INFINITY);
  const rest = items.filter((i) => i.seq > afterSeq);
  const pageItems = rest.slice(0, limit);
  const last = pageItems.at(-1);
  return { items: pageItems, nextCursor: rest.length > limit && last ? encodeCursor(last.seq) : undefined };
}

/**
 * The `Link` header for a page: `self` is the request itself, its `after` cursor included (the
 * page it names, as Okta's examples show it), and `next` the same query with the next cursor.
 */
export function linkHeader(
  baseUrl: string,
  path: string,
  query: Record<string, string>,
  nextCursor: string | undefined,
): string {
  const self = new URL(path, baseUrl);
  for (const [k, v] of Object.entries(query)) self.searchParams.set(k, v);
  const links = [`<${self.href}>; rel="self"`];
  if (nextCursor) {
    const next = new URL(self.href);
    next.searchParams.set('after', nextCursor);
    links.push(`<${next.href}>; rel="next"`);
  }
  return links.join(', ');
}

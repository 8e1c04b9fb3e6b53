/**
 * `okta_apps` (migration 0200): which Okta app Latchkey holds for each account and what it
 * last applied. A row with `appId: null` is a create in flight, written and committed before
 * the call so that a crash after Okta created the app is recovered by finding the app by its
 * launch URL, never by creating a second one. `assignees` (migration 0201) are the Okta user ids
 * it last assigned, so the next pass can tell an admin's change in Okta (drift) from its own.
 */
import type { Queryable } from '../store/db';

export interface AppLink {
  accountId: string;
  appId: string | null;
  label: string;
  url: string;
  /** Null when not recorded; left as it is when a write omits it. */
  assignees?: readonly string[] | null;
}

interface Row {
  account_id: string;
  app_id: string | null;
  label: string;
  url: string;
  assignees?: unknown;
}

const toLink = (r: Row): AppLink => ({
  accountId: r.account_id,
  appId: r.app_id,
  label: r.label,
  url: r.url,
  assignees: Array.isArray(r.assignees) ? r.assignees.filter((x): x is string => typeof x === 'string') : null,
});

export async function readLink(q: Queryable, accountId: string): Promise<AppLink | null> {
  const rows = await q.query<Row>(
    'select account_id, app_id, label, url, assignees from okta_apps where account_id = $1',
    [accountId],
  );
  return rows[0] === undefined ? null : toLink(rows[0]);
}

/** Every link, by account (the drift sweep reads them all at once). */
export async function readAllLinks(q: Queryable): Promise<Map<string, AppLink>> {
  const rows = await q.query<Row>('select account_id, app_id, label, url, assignees from okta_apps');
  return new Map(rows.map((r) => [r.account_id, toLink(r)]));
}

/** Labels applied in Okta, by account: the stability input of the projection. */
export async function appliedLabels(q: Queryable): Promise<Map<string, string>> {
  const rows = await q.query<Row>('select account_id, app_id, label, url from okta_apps');
  return new Map(rows.map((r) => [r.account_id, r.label]));
}

export async function countLinks(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>('select count(*)::int as n from okta_apps where app_id is not null');
  return row?.n ?? 0;
}

export async function writeLink(q: Queryable, link: AppLink): Promise<void> {
  const assignees =
    link.assignees === undefined ? null : JSON.stringify(link.assignees === null ? null : [...link.assignees].sort());
  await q.query(
    `insert into okta_apps (account_id, app_id, label, url, assignees, updated_at) values ($1, $2, $3, $4, $5::jsonb, now())
     on conflict (account_id) do update set app_id = excluded.app_id, label = excluded.label, url = excluded.url,
       assignees = case when $6 then excluded.assignees else okta_apps.assignees end, updated_at = now()`,
    [link.accountId, link.appId, link.label, link.url, assignees, link.assignees !== undefined],
  );
}

export async function deleteLink(q: Queryable, accountId: string): Promise<void> {
  await q.query('delete from okta_apps where account_id = $1', [accountId]);
}

/**
 * The attributes a SCIM filter may name, as SQL expressions over a `records` row: the vocabulary
 * `filterToSql` (filter-sql.ts) translates with. The statements that run the translated condition
 * are store/directory-queries.ts (`directoryUsersPage`, `liveTeamsPage`). `userName` and a team's
 * `displayName` compare with `lower()`, the expressions of their indexes (migration 0101).
 */
import type { AttributeMap } from './filter-sql';

export const USER_ATTRIBUTES: AttributeMap = {
  id: { sql: 'id', type: 'string', caseExact: true },
  username: { sql: "(doc->>'userName')", type: 'string', caseExact: false },
  'emails.value': { sql: "(doc->>'userName')", type: 'string', caseExact: false },
  externalid: { sql: "(doc->>'externalId')", type: 'string', caseExact: true },
  displayname: {
    sql: "coalesce(nullif(concat_ws(' ', nullif(doc->>'givenName', ''), nullif(doc->>'familyName', '')), ''), doc->>'userName')",
    type: 'string',
    caseExact: false,
  },
  'name.givenname': { sql: "(doc->>'givenName')", type: 'string', caseExact: false },
  'name.familyname': { sql: "(doc->>'familyName')", type: 'string', caseExact: false },
  active: { sql: "(doc->>'active')::boolean", type: 'boolean', caseExact: true },
  'meta.lastmodified': { sql: "(doc->>'updatedAt')", type: 'datetime', caseExact: true },
  'meta.created': { sql: 'created_at', type: 'datetime', caseExact: true },
};

export const TEAM_ATTRIBUTES: AttributeMap = {
  id: { sql: 'id', type: 'string', caseExact: true },
  displayname: { sql: "(doc->>'displayName')", type: 'string', caseExact: false },
  externalid: { sql: "(doc->>'oktaGroupId')", type: 'string', caseExact: true },
  'meta.lastmodified': { sql: "(doc->>'updatedAt')", type: 'datetime', caseExact: true },
  'meta.created': { sql: 'created_at', type: 'datetime', caseExact: true },
};

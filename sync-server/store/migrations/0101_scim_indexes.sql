-- Okta looks every user up by userName before anything else (GET /Users?filter=userName eq "…"),
-- and userName is unique and case-insensitive (RFC 7643 §4.1.1, caseExact false). This unique
-- index serves the lookup and makes the second of two concurrent creates fail with 23505 → 409.
-- Removed users (SCIM DELETE) keep their record but free their userName.
create unique index if not exists records_scim_user_name on records (lower(doc->>'userName'))
  where collection = 'users' and not deleted and (doc->>'removedAt') is null;

-- Group push looks teams up by displayName (GET /Groups?filter=displayName eq "…").
create index if not exists records_scim_team_name on records (lower(doc->>'displayName'))
  where collection = 'teams' and not deleted;

-- SCIM meta.created (RFC 7643 §3.1). Set once on insert; the repository's upsert never touches it.
alter table records add column if not exists created_at timestamptz not null default now();

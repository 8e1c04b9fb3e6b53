-- The workspace's SCIM bearer token, stored only as its SHA-256 digest (hex). One row at most:
-- rotating replaces it, so the previous token stops working with the commit.
create table if not exists scim_token (
  id smallint primary key check (id = 1),
  token_sha256 text not null,
  created_at timestamptz not null default now(),
  created_by text
);

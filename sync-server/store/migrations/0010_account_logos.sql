-- An account's logo (domain/account-logo.ts), kept beside the records, not in them: a 100 KB image
-- in the account record would travel in every pull of every replica that sees the account, while
-- the list needs it once per version. `bytes` are what the server re-encoded, never what it was
-- sent; `digest` is their SHA-256 (hex), which the desktop caches by and the Okta reconciler
-- compares with what it last uploaded.
create table if not exists account_logos (
  account_id text primary key,
  media_type text not null check (media_type in ('image/png', 'image/svg+xml')),
  bytes bytea not null check (octet_length(bytes) <= 102400),
  digest text not null,
  updated_at timestamptz not null default now(),
  updated_by text
);

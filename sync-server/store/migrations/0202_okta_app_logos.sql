-- The logo Latchkey last uploaded to each account's Okta app (POST /api/v1/apps/{appId}/logo):
-- the app and the SHA-256 of the bytes. The reconciler uploads only when the account's logo
-- digest differs, or when the app is another one (recreated after it was deleted in Okta).
create table if not exists okta_app_logos (
  account_id text primary key,
  app_id text not null,
  digest text not null,
  uploaded_at timestamptz not null default now()
);

-- Okta projection work queue (the outbox): one row per account whose Okta app may be out of
-- date, written in the same transaction as the change that caused it. `generation` grows on
-- every enqueue so a worker that finishes an older generation leaves a newer one queued.
-- Workers claim rows with FOR UPDATE SKIP LOCKED and a lease (`claimed_until`): a worker that
-- dies leaves its rows to be claimed again once the lease has passed.
create table if not exists okta_outbox (
  account_id text primary key,
  generation bigint not null default 1,
  due_at timestamptz not null default now(),
  attempts integer not null default 0,
  claimed_by text,
  claimed_until timestamptz,
  last_error text,
  enqueued_at timestamptz not null default now()
);

create index if not exists okta_outbox_due on okta_outbox (due_at);

-- What Latchkey last applied in Okta per account. `app_id` is null while a create is in
-- flight: the row is the intent, written before the call, so a crash between Okta creating
-- the app and us recording its id is found again by launch URL instead of creating a second app.
create table if not exists okta_apps (
  account_id text primary key,
  app_id text,
  label text not null,
  url text not null,
  updated_at timestamptz not null default now()
);

create index if not exists okta_apps_app_id on okta_apps (app_id);

-- Progress of the current sync run (done/total), e.g. the first sync of a large workspace.
-- A run starts when work is queued while none is; it ends when the queue is empty.
create table if not exists okta_sync_progress (
  id integer primary key check (id = 1),
  total integer not null default 0,
  done integer not null default 0,
  started_at timestamptz
);

insert into okta_sync_progress (id) values (1) on conflict (id) do nothing;

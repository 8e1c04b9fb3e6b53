-- Every launch authorisation (an Okta chiclet click reaching the desktop app), allowed or not.
-- Kept apart from audit_events, whose rows belong to a record write and its seq. Holds no
-- secret: who, which account, from which device, the outcome and the policy's reason code.
create table if not exists launch_events (
  id bigserial primary key,
  at timestamptz not null default now(),
  launch_id text not null,
  user_id text,
  okta_subject text,
  device_id text,
  account_id text not null,
  outcome text not null check (outcome in ('allowed', 'denied')),
  reason text
);

create index if not exists launch_events_account on launch_events (account_id, at);

create index if not exists launch_events_user on launch_events (user_id, at);

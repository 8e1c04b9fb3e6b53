-- Who changed what, when, from which device. Written in the same transaction as the change.
-- Never holds secrets: `detail` names changed fields, not their values.
create table if not exists audit_events (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_type text not null,
  actor_id text,
  device_id text,
  action text not null,
  collection text not null,
  record_id text not null,
  seq bigint not null,
  detail jsonb not null default '{}'::jsonb
);

create index if not exists audit_events_at on audit_events (at);

create index if not exists audit_events_record on audit_events (collection, record_id);

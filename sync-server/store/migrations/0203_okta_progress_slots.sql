-- The Okta sync's progress without a counter every write waits on. Pushes no longer write it: an
-- edit of an extended account used to raise `total` in its own transaction and hold the one
-- progress row until commit, so every such write across the deployment took turns on it, and so
-- did the workers finishing accounts. Now a run's total is read as done + queued; `running` says
-- a run is under way (set when a worker claims work while none is, cleared when it finds the queue
-- empty); and `done` is spread over slots, each account counting in the slot of its id's hash in
-- the transaction that removes it from the queue, so two workers rarely wait on each other and
-- done + queued is exact at every moment. `okta_sync_progress.total` and `.done` stay for servers
-- of the previous version during a rolling upgrade; nothing reads them now.
alter table okta_sync_progress add column if not exists running boolean not null default false;

create table if not exists okta_sync_done (
  slot integer primary key,
  done integer not null default 0
);

insert into okta_sync_done (slot) select generate_series(0, 63) on conflict (slot) do nothing;

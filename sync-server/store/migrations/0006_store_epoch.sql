-- The store's epoch: a random id given when the store is made and replaced at every restore from a
-- backup (store/backup.ts; for PostgreSQL the README's recipe). Replication checkpoints carry it, so
-- a replica whose checkpoint comes from another epoch is told to start over instead of pulling from
-- a position the restored sequence never reached (or reached with other rows).
create table if not exists store_epoch (
  singleton boolean primary key default true check (singleton),
  epoch text not null
);
insert into store_epoch (epoch) values (gen_random_uuid()::text) on conflict do nothing;

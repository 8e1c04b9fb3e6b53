-- A row's position in the replication order is (tx, seq): `tx` is the id of the transaction that
-- last wrote it (pg_current_xact_id()), `seq` orders rows within it. Readers take only rows whose
-- transaction is below the oldest one still running (pg_snapshot_xmin of their snapshot): those
-- can never be joined by a row at an earlier position, so writers need no lock to keep the order
-- gap-free (store/records-repo.ts). Rows written before keep tx 0: all of them are final.
alter table records add column if not exists tx bigint not null default 0;

create index if not exists records_collection_position on records (collection, tx, seq);

create index if not exists records_position on records (tx, seq);

-- Checkpoints taken before were seq positions; they mean nothing in the new order, so every
-- replica starts over once (the pull answers `resync`).
update store_epoch set epoch = gen_random_uuid()::text;

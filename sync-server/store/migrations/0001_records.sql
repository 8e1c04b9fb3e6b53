-- Every replicated record of every collection, as its JSON document. `seq` is the position in
-- one global write sequence: the replication checkpoint (never client clocks). A write, or a
-- visibility change that needs replicas to re-evaluate a row, gives the row a new seq.
-- Deleted rows stay as tombstones so replicas learn of the deletion.
create sequence if not exists record_seq;

create table if not exists records (
  collection text not null,
  id text not null,
  seq bigint not null,
  deleted boolean not null default false,
  doc jsonb not null,
  -- Credentials only: AES-256-GCM sealed secrets; `doc` then holds no secret field.
  sealed text,
  primary key (collection, id)
);

create unique index if not exists records_seq on records (seq);

create index if not exists records_collection_seq on records (collection, seq);

create index if not exists records_account_collection on records ((doc->>'collectionId')) where collection = 'accounts';

create index if not exists records_share_item on records ((doc->>'itemId')) where collection = 'shares';

create index if not exists records_share_grantee on records ((doc->>'granteeId')) where collection = 'shares';

create index if not exists records_user_external_id on records ((doc->>'externalId')) where collection = 'users';

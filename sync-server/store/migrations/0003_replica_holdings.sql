-- Which records have ever been sent to a user's replicas. A tombstone for a record the user
-- lost access to is sent only if they once held it, so a pull never reveals ids of items
-- the user never could see.
create table if not exists replica_holdings (
  user_id text not null,
  collection text not null,
  record_id text not null,
  primary key (user_id, collection, record_id)
);

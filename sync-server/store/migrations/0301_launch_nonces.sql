-- One-time launch nonces: the chiclet page (/launch/:id) mints one per visit and puts it in the
-- latchkey:// link; the desktop presents it to the launch authorisation, which deletes it. Only
-- a SHA-256 of the nonce is kept. Rows live 2 minutes; each mint removes the expired ones.
create table if not exists launch_nonces (
  nonce_hash text primary key,
  account_id text not null,
  expires_at timestamptz not null
);

create index if not exists launch_nonces_expiry on launch_nonces (expires_at);

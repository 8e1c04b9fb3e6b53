-- Drift detection and the scheduled drift sweep of Extended account access.
--
-- `okta_apps.assignees`: the Okta user ids Latchkey last assigned to the app (a JSON array),
-- so a later pass can tell an assignment an Okta admin made or removed (drift) from one a change
-- in Latchkey asks for. Null on rows written before this column: nothing recorded yet.
alter table okta_apps add column if not exists assignees jsonb;

-- The sweep's lease and its last report (one row). Several server processes may share one
-- PostgreSQL database: a process sweeps only after taking the lease in one conditional update
-- (free or lapsed, and the interval since the last start has passed), and renews it while it
-- works, so one sweep runs at a time and a killed process's lease lapses for another.
create table if not exists okta_sweep (
  id integer primary key check (id = 1),
  leased_by text,
  leased_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  accounts integer not null default 0,
  drift_found integer not null default 0,
  drift_fixed integer not null default 0,
  api_calls integer not null default 0,
  last_error text
);

-- The first sweep comes one interval after the first start, not during a first sync.
insert into okta_sweep (id, last_started_at) values (1, now()) on conflict (id) do nothing;

-- A launch whose secrets the host fetched from the server (a Login-only user's, whose replica
-- holds none): set once, so one authorisation releases the secrets at most once.
alter table launch_events add column if not exists secrets_released_at timestamptz;

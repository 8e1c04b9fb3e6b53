-- All-Access Mode became personal (users.allAccess, set by PUT /api/v1/me/all-access): the
-- workspace-wide switch is gone from the settings document. Nobody's personal mode is turned on
-- in its place, so a workspace that had the switch on starts with everyone seeing only what they
-- hold a role on: its items take a fresh seq, so admins' replicas receive tombstones for what
-- they saw only through the switch.
update records set seq = nextval('record_seq')
  where collection in ('accounts', 'collections', 'shares', 'credentials')
    and exists (
      select 1 from records s
      where s.collection = 'settings' and not s.deleted and (s.doc->>'allAccessMode')::boolean
    );
-- The settings row takes a fresh seq too, so every replica pulls the document without the key.
update records set doc = doc - 'allAccessMode', seq = nextval('record_seq')
  where collection = 'settings' and doc ? 'allAccessMode';

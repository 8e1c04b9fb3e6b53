-- Role from an Okta group: users.manualRole is the role given by hand, users.role stays the
-- effective role (the higher of manualRole and the roles mapped to the user's Okta-pushed teams).
-- Until now every role was given by hand, so each stored user's manual role is its role; no team
-- gives a role until an Owner maps one.
update records set doc = jsonb_build_object('manualRole', doc->'role') || doc
  where collection = 'users' and doc ? 'role';
update records set doc = jsonb_build_object('mappedRole', null) || doc
  where collection = 'teams';

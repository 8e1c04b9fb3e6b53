-- Fields added to records after they were first stored: every stored record gets its default,
-- so readers (which trust stored documents) always find them. The domain schema carries the
-- same defaults for documents that arrive without them.
update records set doc = jsonb_build_object('rotationRequiredAt', null, 'rotationDepartedUserIds', '[]'::jsonb) || doc
  where collection = 'accounts';
update records set doc = jsonb_build_object('allAccess', false, 'erasedAt', null) || doc
  where collection = 'users';

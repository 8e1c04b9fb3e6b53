-- Standing collection extension: a collection can be extended to Okta as a standing choice
-- (collections.extended, extendedAt), and an account records whether it is extended only through
-- its collection (accounts.extendedByCollection). Every extension stored so far was made on the
-- account itself, so each stored account is "not through its collection" and no collection is
-- extended: what Okta holds does not change. Readers trust stored documents, so the defaults are
-- written here as the domain schema gives them.
update records set doc = jsonb_build_object('extended', false, 'extendedAt', null) || doc
  where collection = 'collections';
update records set doc = jsonb_build_object('extendedByCollection', false) || doc
  where collection = 'accounts';

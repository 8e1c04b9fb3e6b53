-- Okta's lookup before every user it provisions: GET /Users?filter=userName eq "…". A PL/pgSQL
-- function keeps the statement's plan cached per session, so the hot lookup skips planning (on
-- PGlite that is most of its cost). Same predicate as the unique index records_scim_user_name.
create or replace function scim_user_by_name(p_user_name text) returns table (doc jsonb, seq bigint, created_at timestamptz) language plpgsql stable as $$ begin return query select r.doc, r.seq, r.created_at from records r where r.collection = 'users' and not r.deleted and (r.doc->>'removedAt') is null and lower(r.doc->>'userName') = lower(p_user_name); end $$;

/**
 * A digest of everything a request can write: records (with their sealed secrets), the write
 * sequence, the audit log, launch events, the SCIM token, the Okta outbox and account logos. Two equal
 * fingerprints mean nothing was written between them, so a refused request can be proven harmless.
 */
import type { Queryable } from '../../../sync-server/store/db';

export interface Fingerprint {
  records: string;
  writeSequence: number;
  audit: string;
  launches: string;
  scimToken: string;
  outbox: string;
  holdings: string;
  logos: string;
}

const DIGESTS: Record<Exclude<keyof Fingerprint, 'writeSequence'>, string> = {
  records: `select count(*) || ':' || coalesce(md5(string_agg(collection || '/' || id || '@' || seq || deleted || doc::text || coalesce(sealed, ''), ',' order by collection, id)), '') as d from records`,
  // Details and Okta subjects too: a refused erasure must not have scrubbed rows it did not add.
  audit: `select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(md5(string_agg(detail::text, ',' order by id)), '') as d from audit_events`,
  launches: `select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(md5(string_agg(coalesce(okta_subject, ''), ',' order by id)), '') as d from launch_events`,
  scimToken: `select coalesce(md5(string_agg(t::text, ',')), '') as d from scim_token t`,
  outbox: `select coalesce(md5(string_agg(o::text, ',' order by o::text)), '') as d from okta_outbox o`,
  holdings: `select coalesce(md5(string_agg(h::text, ',' order by h::text)), '') as d from replica_holdings h`,
  logos: `select coalesce(md5(string_agg(account_id || ':' || digest, ',' order by account_id)), '') as d from account_logos`,
};

export async function fingerprint(db: Queryable): Promise<Fingerprint> {
  const digest = async (sql: string): Promise<string> => String((await db.query<{ d: string }>(sql))[0]?.d ?? '');
  const [seq] = await db.query<{ last_value: number; is_called: boolean }>(
    'select last_value, is_called from record_seq',
  );
  return {
    records: await digest(DIGESTS.records),
    writeSequence: seq?.is_called ? Number(seq.last_value) : 0,
    audit: await digest(DIGESTS.audit),
    launches: await digest(DIGESTS.launches),
    scimToken: await digest(DIGESTS.scimToken),
    outbox: await digest(DIGESTS.outbox),
    holdings: await digest(DIGESTS.holdings),
    logos: await digest(DIGESTS.logos),
  };
}

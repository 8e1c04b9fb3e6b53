/**
 * The floor a sync write is measured against: the same shape of transaction — read the row for
 * update, write it with a fresh sequence number, one audit row, NOTIFY — in plain node-postgres,
 * with no global lock, as many writers at once as the bench has clients, for `seconds`.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export async function measureWriteFloor(opts: {
  databaseUrl: string;
  writers: number;
  rows: number;
  poolSize: number;
  seconds: number;
}): Promise<number> {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize });
  // An idle client's error (its backend ended) must not end the bench; a writer's own fails it.
  pool.on('error', (err) => console.error('[floor] idle PostgreSQL client error:', err.message));
  try {
    await pool.query(`create sequence if not exists floor_seq;
      create table if not exists floor_rows (id text primary key, seq bigint not null, doc jsonb not null);
      create table if not exists floor_audit (id bigserial primary key, row_id text not null, seq bigint not null, detail jsonb not null)`);
    await pool.query(
      `insert into floor_rows (id, seq, doc) select 'r' || i, nextval('floor_seq'), '{"labels":[]}'::jsonb
       from generate_series(1, $1) as i on conflict do nothing`,
      [opts.rows],
    );
    let writes = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const id = `r${1 + Math.floor(Math.random() * opts.rows)}`;
        const client = await pool.connect();
        try {
          await client.query('begin');
          const { rows } = await client.query<{ doc: { labels: string[] } }>(
            'select doc from floor_rows where id = $1 for update',
            [id],
          );
          const doc = { labels: [...(rows[0]?.doc.labels ?? []).slice(-3), `l${writes}`] };
          const { rows: written } = await client.query<{ seq: string }>(
            "update floor_rows set seq = nextval('floor_seq'), doc = $2 where id = $1 returning seq",
            [id, JSON.stringify(doc)],
          );
          await client.query('insert into floor_audit (row_id, seq, detail) values ($1, $2, $3)', [
            id,
            written[0]?.seq,
            JSON.stringify({ fields: ['labels'] }),
          ]);
          await client.query("select pg_notify('floor_changes', $1)", [JSON.stringify({ id })]);
          await client.query('commit');
          writes += 1;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }
    };
    const t0 = performance.now();
    const running = Array.from({ length: opts.writers }, writer);
    await new Promise((resolve) => setTimeout(resolve, opts.seconds * 1000));
    stop = true;
    await Promise.all(running);
    return writes / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

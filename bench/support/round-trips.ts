/**
 * A TCP proxy in front of PostgreSQL that counts round trips: PostgreSQL ends the answer to every
 * statement (and to every `begin` and `commit`) with one ReadyForQuery message, so counting those
 * in the server → client stream counts what the application waited for, whatever its code does.
 * The client must not ask for TLS (node-postgres does not by default): the stream is then typed
 * messages from the first byte, each a type byte and a 4-byte length that includes itself.
 */
import { type PostgresProxy, startPostgresProxy } from './postgres-proxy';

const READY_FOR_QUERY = 0x5a; // 'Z'

export interface CountingProxy extends PostgresProxy {
  /** ReadyForQuery messages passed to clients so far, over all connections. */
  roundTrips(): number;
}

export async function startCountingProxy(target: URL): Promise<CountingProxy> {
  let count = 0;
  const proxy = await startPostgresProxy(target, () => {
    // Where the next message header starts, relative to the next chunk, and a header split
    // across chunks.
    let skip = 0;
    let partial = Buffer.alloc(0);
    return {
      toClient(chunk, client) {
        client.write(chunk);
        const buf = partial.length > 0 ? Buffer.concat([partial, chunk]) : chunk;
        partial = Buffer.alloc(0);
        let at = skip;
        while (at + 5 <= buf.length) {
          if (buf[at] === READY_FOR_QUERY) count += 1;
          at += 1 + buf.readUInt32BE(at + 1);
        }
        if (at < buf.length) {
          partial = Buffer.from(buf.subarray(at));
          skip = 0;
        } else {
          skip = at - buf.length;
        }
      },
    };
  });
  return { ...proxy, roundTrips: () => count };
}

/**
 * A TCP proxy in front of PostgreSQL that counts round trips: PostgreSQL ends the answer to every
 * statement (and to every `begin` and `commit`) with one ReadyForQuery message, so counting those
 * in the server → client stream counts what the application waited for, whatever its code does.
 * The client must not ask for TLS (node-postgres does not by default): the stream is then typed
 * messages from the first byte, each a type byte and a 4-byte length that includes itself.
 */
import { createConnection, createServer, type Socket } from 'node:net';

const READY_FOR_QUERY = 0x5a; // 'Z'

export interface CountingProxy {
  url: string;
  /** ReadyForQuery messages passed to clients so far, over all connections. */
  roundTrips(): number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: URL): Promise<CountingProxy> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // Where the next message header starts, relative to the next chunk, and a header split
    // across chunks.
    let skip = 0;
    let partial = Buffer.alloc(0);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      let buf = partial.length > 0 ? Buffer.concat([partial, chunk]) : chunk;
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
      buf = Buffer.alloc(0);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    roundTrips: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

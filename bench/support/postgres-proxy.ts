/**
 * A TCP proxy in front of PostgreSQL for the benches: each connection gets its own upstream
 * connection, and the caller decides how the bytes of each direction pass (held back to put the
 * database further away, or read on their way to count round trips).
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface PostgresProxy {
  /** `target` with this proxy's host and port. */
  url: string;
  close(): Promise<void>;
}

export interface ProxyConnection {
  /** A chunk from the application, to be written to `upstream` (default: at once). */
  toServer?(chunk: Buffer, upstream: Socket): void;
  /** A chunk from PostgreSQL, to be written to `client` (default: at once). */
  toClient?(chunk: Buffer, client: Socket): void;
}

/** `connection()` is called once per accepted connection, so it may keep per-connection state. */
export async function startPostgresProxy(target: URL, connection: () => ProxyConnection): Promise<PostgresProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const { toServer, toClient } = connection();
    client.on('data', (chunk: Buffer) => (toServer ? toServer(chunk, upstream) : upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => (toClient ? toClient(chunk, client) : client.write(chunk)));
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

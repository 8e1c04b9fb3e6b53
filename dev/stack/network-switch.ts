/**
 * A TCP relay between one desktop client and the sync server, so a test can take that client
 * offline the way a dropped network does: every open connection dies and new ones are refused,
 * while the server (and every other client) keeps running. `reconnect()` lets traffic through again.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface NetworkSwitch {
  readonly url: string;
  disconnect(): void;
  reconnect(): void;
  close(): Promise<void>;
}

export async function startNetworkSwitch(target: string): Promise<NetworkSwitch> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let connected = true;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    if (!connected) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    track(client);
    track(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const destroyAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    disconnect() {
      connected = false;
      destroyAll();
    },
    reconnect() {
      connected = true;
    },
    close: () =>
      new Promise((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

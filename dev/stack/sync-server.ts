/**
 * Starts a real sync server alone for a test (stack.ts without the simulator): port 0, a fresh
 * PGlite folder or a fresh PostgreSQL database, removed by `close()`.
 *
 *   const sim = await startOktaSim({ port: 0 });
 *   const server = await startSyncServer({ store: 'pglite', issuer: sim.issuer, audience: sim.audience });
 *   await seedRecords(server, { users: [makeUser({ id: 'ada', externalId: '00u…', role: 'owner' })] });
 *   …
 *   await server.close();
 */
import { type StackServer, type StackServerOptions, type StoreKind, startStack } from './stack';

export interface StartSyncServerOptions extends StackServerOptions {
  store: StoreKind;
  issuer: string;
  audience: string;
}

export type TestSyncServer = StackServer;

export async function startSyncServer({ store, ...server }: StartSyncServerOptions): Promise<TestSyncServer> {
  // Without the simulator the server is the whole stack: its `close()` undoes all of it.
  return (await startStack({ store, server })).server;
}

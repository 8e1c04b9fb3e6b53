/**
 * `npm run server -- [options]` starts the sync server; `npm run server -- scim-token rotate …`
 * runs the SCIM token tool. SIGTERM/SIGINT drain in-flight requests and close the store.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { configFromArgs } from './config';

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'scim-token') {
    const specifier = './scim/token-cli';
    const mod = (await import(specifier)) as { runScimTokenCli?: (args: string[]) => Promise<number | undefined> };
    if (typeof mod.runScimTokenCli !== 'function') throw new Error('scim-token is not available in this build');
    process.exitCode = (await mod.runScimTokenCli(argv.slice(1))) ?? 0;
    return;
  }
  const config = configFromArgs(argv, process.env);
  const built = await buildApp(config, { logger: true });
  await built.app.listen({ port: config.port, host: config.host });
  const { port } = built.app.server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  const store = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(`Latchkey sync server listening on ${url} (store: ${store}, issuer: ${config.issuer})`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and closing the store…`);
    built.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

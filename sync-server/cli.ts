/**
 * `npm run server -- [options]` starts the sync server; `npm run server -- scim-token rotate …`
 * runs the SCIM token tool, `credentials-key rotate|retire|status` the credentials key tool,
 * `roles set|list` the workspace roles tool, `backup --to FILE` and `restore --from FILE` copy
 * the PGlite store (store/backup-cli.ts).
 * SIGTERM/SIGINT drain in-flight requests and close the store.
 * A failure at start is one line naming the setting to change (cli/startup-error.ts).
 */
import type { AddressInfo } from 'node:net';
import { ensureDataFolder } from '../cli/data-folder';
import { assertPortFree, listenFailure, type PortSetting } from '../cli/port-setting';
import { runCli } from '../cli/startup-error';
import { type BuiltApp, buildApp } from './app';
import { readServerSettings, serverHelp } from './config';
import { type MetricsServer, startMetricsServer } from './ops/metrics-server';
import { guardProcess } from './process-guard';
import { runScimTokenCli } from './scim/token-cli';
import { storeFailure, withConfigErrors } from './startup-failure';
import { runBackupCli } from './store/backup-cli';
import { runCredentialsKeyCli } from './store/credentials-key-cli';
import { runRolesCli } from './users/roles-cli';

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'scim-token') {
    process.exitCode = await runScimTokenCli(argv.slice(1));
    return;
  }
  if (argv[0] === 'roles') {
    process.exitCode = await runRolesCli(argv.slice(1));
    return;
  }
  if (argv[0] === 'backup' || argv[0] === 'restore') {
    process.exitCode = await runBackupCli(argv);
    return;
  }
  if (argv[0] === 'credentials-key') {
    process.exitCode = await runCredentialsKeyCli(argv.slice(1));
    return;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(serverHelp());
    return;
  }
  const { config, dataDirSource } = withConfigErrors(() => readServerSettings(argv, process.env));
  const store = {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    dataDirSource,
    whenInUse:
      'stop that process first, or give this server another --data folder (several servers share one store only on PostgreSQL, with DATABASE_URL)',
  };
  // Checked before anything is created, so a port in use leaves no data folder behind.
  const port: PortSetting = { flag: '--port', port: config.port, host: config.host, what: 'the sync server' };
  await assertPortFree(port);
  const metricsPort: PortSetting | undefined =
    config.metricsPort === undefined
      ? undefined
      : { flag: '--metrics-port', port: config.metricsPort, host: config.metricsHost, what: 'the metrics endpoint' };
  if (metricsPort) await assertPortFree(metricsPort);
  if (!config.databaseUrl) await ensureDataFolder({ path: config.dataDir, source: dataDirSource });

  let built: BuiltApp;
  try {
    // A person at a terminal reads the log; anything else (a file, journald, a collector) gets JSON.
    built = await buildApp(config, {
      logLevel: config.logLevel,
      ...(process.stdout.isTTY ? { logPrettyTo: process.stdout } : {}),
    });
  } catch (error) {
    throw await storeFailure(error, store);
  }
  try {
    await built.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await built.close().catch(() => undefined);
    throw (await listenFailure(error, port)) ?? error;
  }
  let metricsServer: MetricsServer | undefined;
  if (metricsPort) {
    try {
      metricsServer = await startMetricsServer(built.metrics, metricsPort);
    } catch (error) {
      await built.close().catch(() => undefined);
      throw (await listenFailure(error, metricsPort)) ?? error;
    }
  }
  const { port: actualPort } = built.app.server.address() as AddressInfo;
  const url = `http://${config.host}:${actualPort}`;
  const storeName = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(`Latchkey sync server listening on ${url} (store: ${storeName}, issuer: ${config.issuer})`);
  if (metricsServer) console.log(`Prometheus metrics on ${metricsServer.url}`);
  // From here on a failure nothing caught is logged, never the end of every client's service.
  guardProcess((message, detail) => built.app.log.error(detail, message));
  if (!config.publicUrl) {
    built.app.log.warn(
      '--public-url (or LATCHKEY_PUBLIC_URL) is not set: SCIM locations and launch links use the address each request came to; set it to the URL Okta and your users reach this server at',
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and closing the store…`);
    Promise.all([built.close(), metricsServer?.close()]).then(
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

await runCli(main);

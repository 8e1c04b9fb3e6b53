/**
 * A port a CLI listens on, named by the flag it came from, so "address in use" can say which flag
 * to change and to what. Checked before anything is created (a failed start leaves nothing
 * behind), and again when the real listen fails (someone may take the port in between).
 */
import { createServer } from 'node:net';
import { StartupError } from './startup-error';

export interface PortSetting {
  /** `--port`, `--desktop-port`… */
  flag: string;
  port: number;
  host: string;
  /** What listens there, e.g. `the sync server`. */
  what: string;
}

/** Resolves when `host:port` can be bound now (port 0 always can); throws the StartupError otherwise. */
export async function assertPortFree(setting: PortSetting): Promise<void> {
  if (setting.port === 0) return;
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: setting.port, host: setting.host, exclusive: true }, () => resolve());
    });
  } catch (error) {
    throw (await listenFailure(error, setting)) ?? error;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The StartupError for a failed listen, or null when the error is not one of listen's own. */
export async function listenFailure(error: unknown, setting: PortSetting): Promise<StartupError | null> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${setting.host}:${setting.port}`;
  if (code === 'EADDRINUSE') {
    const free = await freePort(setting.host).catch(() => null);
    const suggestion = free === null ? '' : `${setting.flag} ${free} (free now) or `;
    return new StartupError(
      `Port ${setting.port} (${setting.flag}) is already in use on ${setting.host}, so ${setting.what} cannot listen there: stop what uses it, or choose another port, e.g. ${suggestion}${setting.flag} 0 for any free port.`,
      { code: 'port_in_use', cause: error },
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `${capitalize(setting.what)} may not listen on ${where} (${setting.flag}): ports below 1024 need privileges; choose a port above 1023.`,
      { code: 'port_forbidden', cause: error },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new StartupError(
      `${capitalize(setting.what)} cannot listen on ${where}: ${setting.host} is not an address of this machine; use 127.0.0.1 or one of its own addresses.`,
      { code: 'bad_host', cause: error },
    );
  }
  return null;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Parses a port flag's value (0 = any free port); a bad value is a usage error naming the flag. */
export function parsePort(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StartupError(`${flag} must be a port number from 0 to 65535 (0 = any free port), got "${value}".`, {
      code: 'bad_port',
      exitCode: 2,
    });
  }
  return port;
}

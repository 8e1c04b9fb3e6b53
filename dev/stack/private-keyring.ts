/**
 * A throwaway Secret Service for tests: its own D-Bus session bus and an unlocked
 * gnome-keyring with a temporary HOME, so no test ever touches a real user's keyring.
 *
 * libdbus reads DBUS_SESSION_BUS_ADDRESS once per process, so call this before anything in
 * the test process touches the keychain (vitest runs each file in its own worker).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivateKeyring {
  readonly busAddress: string;
  stop(): Promise<void>;
}

function firstStdoutChunk(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('\n')) resolve(buffered.trim());
    });
    child.once('exit', (code) => reject(new Error(`${what} exited early with ${code}`)));
    child.once('error', reject);
  });
}

async function secretsServiceOwned(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { stdout } = await run(
    'dbus-send',
    [
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { env },
  );
  return stdout.includes('boolean true');
}

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = await mkdtemp(join(tmpdir(), 'latchkey-keyring-'));
  // The bus gets the temporary HOME too: a service it auto-activates must not open ~/.local.
  const baseEnv = { ...process.env, HOME: home };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    env: baseEnv,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const busAddress = await firstStdoutChunk(bus, 'dbus-daemon');
  const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: busAddress };
  const keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
    env,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  keyring.stdin.end('throwaway-test-password');
  await firstStdoutChunk(keyring, 'gnome-keyring-daemon');
  // Bounded poll: the daemon prints its control socket before it owns the bus name.
  for (let attempt = 0; !(await secretsServiceOwned(env)); attempt += 1) {
    if (attempt > 100) throw new Error('gnome-keyring never registered org.freedesktop.secrets');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.env.DBUS_SESSION_BUS_ADDRESS = busAddress;
  // If the test process ends without stop() (a failed hook, a killed worker), take the daemons along.
  const killDaemons = () => {
    keyring.kill();
    bus.kill();
  };
  process.once('exit', killDaemons);
  return {
    busAddress,
    async stop() {
      process.removeListener('exit', killDaemons);
      killDaemons();
      await rm(home, { recursive: true, force: true });
    },
  };
}

let processKeyring: Promise<PrivateKeyring> | undefined;

/**
 * One private keyring for the whole test process, started on first use and stopped when the
 * process exits. For processes that hold several worlds one after another (a Playwright worker):
 * the keychain binding connects to the bus this process's environment names, and a world that
 * stopped its own bus would leave that variable naming a dead socket — later sign-ins could not
 * be remembered, and child processes (`npm start`) inherited it. Each desktop client keeps its
 * secrets apart by a keychain service name of its own (desktop-world.ts, restartable-desktop.ts).
 */
export function sharedPrivateKeyring(): Promise<PrivateKeyring> {
  processKeyring ??= startPrivateKeyring();
  return processKeyring;
}

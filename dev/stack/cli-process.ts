/**
 * The real command-line entries as child processes, run by `node` itself (not npx, so signals
 * reach the program). The sync server and the Okta simulator run as their bundle, the
 * `node out/…/cli.js` an operator deploys, built once per test process from the current source
 * (built-cli.ts); other scripts, and `via: 'tsx'` (what `npm run server` does), run through tsx.
 * Every wait is on output or exit, never time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { builtEntry } from './built-cli';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the caller's store settings, so each test names its own. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _d,
    LATCHKEY_DATA_DIR: _l,
    LOG_LEVEL: _v,
    LATCHKEY_DESKTOP_DATA_DIR: _k,
    // The server reads these as --port and --host: a runner's own must not move a test's server.
    PORT: _p,
    HOST: _h,
    ...rest
  } = process.env;
  return { ...rest, ...extra };
}

/** How a script runs: its bundle where it has one (the default), or through tsx as `npm run` does. */
export type Via = 'bundle' | 'tsx';

export function start(script: string, args: readonly string[], env = cleanEnv(), via: Via = 'bundle'): RunningCli {
  const bundle = via === 'bundle' ? builtEntry(script) : undefined;
  const entry = bundle === undefined ? ['--import', 'tsx', script] : [bundle];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new RunningCli(child);
}

/** Runs a CLI to its end. */
export function run(script: string, args: readonly string[], env = cleanEnv(), via: Via = 'bundle'): Promise<Finished> {
  return start(script, args, env, via).finished;
}

export class RunningCli {
  stdout = '';
  stderr = '';
  readonly finished: Promise<Finished>;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.append('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.append('stderr', chunk));
    this.finished = new Promise((resolve) =>
      child.on('close', (code) => resolve({ code, stdout: this.stdout, stderr: this.stderr })),
    );
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('not started');
    return this.child.pid;
  }

  private append(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the first match of `pattern` on `stream`; rejects if the process ends first. */
  async waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpExecArray> {
    let ended = false;
    void this.finished.then(() => {
      ended = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    for (;;) {
      const match = pattern.exec(this[stream]);
      if (match) return match;
      if (ended) throw new Error(`exited before ${pattern}:\n${this.stdout}\n${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async stop(): Promise<Finished> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.finished;
  }
}

/** A port held by this test process, as another program would hold it. */
export async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One line, no stack trace: what a user sees for a refused start. */
export function expectOneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('oidc-provider WARNING'));
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${stderr}`);
  return lines[0] as string;
}

/**
 * The scale-out bench's side of its RxDB clients (rxdb-client.ts): builds the client program once
 * with esbuild (each child then loads in plain `node` in 0.4 s, against 1 s for tsx compiling the
 * renderer's code in every child, at load average 5), starts one process per client and speaks
 * rxdb-client-protocol.ts with it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FromClient, type ToClient } from './rxdb-client-protocol';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type PushReport = Extract<FromClient, { type: 'account-push' | 'share-push' }>;
export type Stopped = Extract<FromClient, { type: 'stopped' }>;
type Init = Extract<ToClient, { type: 'init' }>;

/** Bundles rxdb-client.ts into `outDir` (inside the repository, so packages resolve to node_modules). */
export async function buildRxdbClient(outDir: string): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const outfile = path.join(outDir, 'client.js');
  await build({
    entryPoints: [path.join(ROOT, 'bench', 'support', 'rxdb-client.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

export class RxdbClientProcess {
  readonly child: ChildProcess;
  /** Resolves once the replica made its first full sync. */
  readonly ready: Promise<void>;
  private readonly waiting = new Map<string, { resolve: (m: FromClient) => void; reject: (e: Error) => void }>();
  /** The user's record id. */
  readonly userId: string;
  private stderr = '';
  private failure: Error | undefined;

  constructor(
    program: string,
    init: Init,
    private readonly events: { report(message: PushReport): void; issueToken(): Promise<string> },
  ) {
    this.userId = init.meId;
    this.child = spawn(process.execPath, [program], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      // Kept for the error message if the client fails (RxDB's banners are the rest).
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on('message', (raw) => this.receive(raw));
    this.child.on('exit', (code, signal) => {
      if (code === 0) return;
      this.fail(new Error(`RxDB client ${init.userIndex} exited (${code ?? signal}):\n${this.stderr}`));
    });
    this.ready = this.next('ready').then(() => undefined);
    this.send(init);
  }

  start(): void {
    this.send({ type: 'start' });
  }

  async stop(): Promise<Stopped> {
    const stopped = this.next('stopped');
    this.send({ type: 'stop' });
    return (await stopped) as Stopped;
  }

  /** How the replica differs from a fresh full pull for its user (empty: converged). */
  async check(): Promise<Extract<FromClient, { type: 'checked' }>['diverged']> {
    const checked = this.next('checked');
    this.send({ type: 'check' });
    const message = await checked;
    return message.type === 'checked' ? message.diverged : [];
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send({ type: 'exit' });
    await exited;
  }

  /** Cleanup after a failed run: no goodbye. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  private send(message: ToClient): void {
    if (this.child.connected) this.child.send(message);
  }

  private next(type: FromClient['type']): Promise<FromClient> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.set(type, { resolve, reject }));
  }

  private receive(raw: unknown): void {
    const parsed = FromClient.safeParse(raw);
    if (!parsed.success) {
      this.fail(new Error(`unexpected message from an RxDB client: ${parsed.error.message}`));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'account-push':
      case 'share-push':
        this.events.report(message);
        return;
      case 'token-request':
        this.events.issueToken().then(
          (token) => this.send({ type: 'token', token }),
          (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
        );
        return;
      case 'failed':
        this.fail(new Error(`RxDB client failed: ${message.message}`));
        return;
      default: {
        const waiter = this.waiting.get(message.type);
        this.waiting.delete(message.type);
        waiter?.resolve(message);
      }
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

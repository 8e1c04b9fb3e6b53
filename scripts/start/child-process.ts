import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningChild {
  child: ChildProcess;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface RunChildOptions {
  env?: NodeJS.ProcessEnv;
  /** `pipe` to read the child's stdout (see part.ts); its stderr always goes to ours. */
  stdout?: 'inherit' | 'pipe';
  /** Opens fds 3 and 4 as pipes, the child's `--remote-debugging-pipe` (see cdp-pipe.ts). */
  devtoolsPipe?: boolean;
}

/** Starts a program; `stop()` asks it to end (SIGTERM) and waits for it. */
export function runChild(command: string, args: readonly string[], options: RunChildOptions = {}): RunningChild {
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: [
      'ignore',
      options.stdout ?? 'inherit',
      'inherit',
      ...(options.devtoolsPipe ? (['pipe', 'pipe'] as const) : []),
    ],
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(null);
    });
  });
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningChild {
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a program with inherited output; `stop()` asks it to end (SIGTERM) and waits for it. */
export function runChild(command: string, args: readonly string[]): RunningChild {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(null);
    });
  });
  return {
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

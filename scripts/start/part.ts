import { createInterface } from 'node:readline';
import { runChild } from './child-process';

export interface PartSpec {
  /** Prefixes the part's output, e.g. `browser-host`. */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The stdout line that says the part is up; its first group is the part's URL. */
  ready: RegExp;
}

export interface RunningPart {
  name: string;
  url: string;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export class PartFailedError extends Error {
  readonly code = 'part-failed';
  constructor(
    readonly part: string,
    exitCode: number | null,
  ) {
    super(`${part} exited (code ${exitCode}) before it was ready`);
    this.name = 'PartFailedError';
  }
}

/**
 * Starts one part of `npm start` as its own process (its own CLI, so `npm start` runs exactly what
 * `npm run <part>` runs) and resolves once it prints its ready line. Its output is relayed, prefixed.
 */
export function startPart(spec: PartSpec): Promise<RunningPart> {
  const { child, exited, stop } = runChild(spec.command, spec.args, { env: spec.env, stdout: 'pipe' });
  const { stdout } = child;
  if (!stdout) return Promise.reject(new PartFailedError(spec.name, null));
  return new Promise((resolve, reject) => {
    let url: string | null = null;
    createInterface({ input: stdout }).on('line', (line) => {
      console.log(`[${spec.name}] ${line}`);
      const match = url === null ? spec.ready.exec(line) : null;
      if (match?.[1]) {
        url = match[1];
        resolve({ name: spec.name, url, exited, stop });
      }
    });
    void exited.then((code) => {
      if (url === null) reject(new PartFailedError(spec.name, code));
    });
  });
}

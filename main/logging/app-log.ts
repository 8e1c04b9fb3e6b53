import path from 'node:path';
import { pino } from 'pino';
import { createStream } from 'rotating-file-stream';
import { redactForLog, scrubText } from '../../domain/log-redaction';

/**
 * The desktop app's log file: `<data folder>/logs/latchkey.log`, JSON lines (pino), rotated by
 * size — at `maxBytes` the file becomes latchkey.log.1 (the older ones move up) and at most
 * `files` files are kept, so the folder never grows past files × maxBytes. Every line passes the
 * redaction rule first (domain/log-redaction.ts): whatever a caller hands over, no token, password,
 * TOTP secret or e-mail address reaches the file. Plain Node, so Electron's main and the browser
 * host log the same way, and the tests run it for real.
 */

export type LogContext = Record<string, unknown>;
export type LogFn = (message: string, context?: LogContext) => void;

export interface AppLog {
  /** The folder "Open logs folder" shows. */
  readonly folder: string;
  /** The file being written now. */
  readonly file: string;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

export interface AppLogOptions {
  /** The app's data folder (Electron's userData); the log goes to its `logs/` folder. */
  dataDir: string;
  /** Size at which the file rotates; 1 MiB. */
  maxBytes?: number;
  /** Files kept, the current one included; 5. */
  files?: number;
  /** Also hands each line, already redacted, here (a development console). */
  echo?: (level: LogLevel, message: string, context: unknown) => void;
}

export type LogLevel = 'info' | 'warn' | 'error';

export const LOG_FILE_NAME = 'latchkey.log';
export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_FILES = 5;

export function logsFolder(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export function openAppLog(options: AppLogOptions): AppLog {
  const folder = logsFolder(options.dataDir);
  const files = options.files ?? DEFAULT_LOG_FILES;
  if (!Number.isInteger(files) || files < 1) throw new RangeError('files must be a whole number of at least 1');
  // The library creates the folder, and with `rotate` keeps latchkey.log plus rotate numbered files.
  const stream = createStream(LOG_FILE_NAME, {
    path: folder,
    size: `${options.maxBytes ?? DEFAULT_LOG_MAX_BYTES}B`,
    rotate: files - 1,
  });
  let failed: Error | undefined;
  // A log that cannot be written (disk full, folder removed) must not take the app down with it.
  stream.on('error', (error: Error) => {
    failed = error;
  });
  const logger = pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const write =
    (level: LogLevel): LogFn =>
    (message, context) => {
      const clean = scrubText(message);
      const fields = context === undefined ? {} : (redactForLog(context) as LogContext);
      options.echo?.(level, clean, fields);
      if (!failed) logger[level](fields, clean);
    };
  return {
    folder,
    file: path.join(folder, LOG_FILE_NAME),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: () =>
      new Promise<void>((resolve) => {
        if (failed || stream.destroyed) return resolve();
        stream.end(() => resolve());
      }),
  };
}

/**
 * The sync server's own start-up failures, turned into the one-line StartupError every CLI prints
 * (cli/startup-error.ts): the store (PostgreSQL from DATABASE_URL, or the PGlite folder and its
 * lock), the credentials key, and the configuration.
 */

import { whyNot } from '../cli/data-folder';
import { StartupError } from '../cli/startup-error';
import { ConfigError } from './config';
import { CredentialsKeyError } from './store/credentials-cipher';
import { DataFolderInUseError } from './store/data-folder-lock';
import { StoreUnavailableError } from './store/db';

export interface StoreSetting {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where the data folder's name came from (`--data`, LATCHKEY_DATA_DIR, the default). */
  dataDirSource: string;
  /** What to do instead when the PGlite folder is in use (differs for the server and the token tool). */
  whenInUse: string;
}

/** A configuration the server cannot start with is a usage error (exit 2), its lines as written. */
export function withConfigErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError)
      throw new StartupError(error.message, { code: error.code, exitCode: 2, cause: error });
    throw error;
  }
}

export async function storeFailure(error: unknown, setting: StoreSetting): Promise<unknown> {
  if (error instanceof StoreUnavailableError) {
    const { reason, advice, kind } = error.failure;
    return setting.databaseUrl
      ? new StartupError(
          `Cannot connect to ${error.store} (DATABASE_URL): ${reason}. ${advice}, or unset DATABASE_URL to use the embedded PGlite store in --data.`,
          { code: `postgres_${kind}`, cause: error },
        )
      : new StartupError(
          `Cannot open the data folder ${setting.dataDir} (${setting.dataDirSource}): ${reason}. ${advice}.`,
          { code: 'pglite_failed', cause: error },
        );
  }
  if (error instanceof DataFolderInUseError) {
    const { holder } = error;
    return new StartupError(
      `The data folder ${error.folder} (${setting.dataDirSource}) is in use by the Latchkey ${holder.holder} (pid ${holder.pid}, since ${holder.startedAt}); PGlite allows one process per folder: ${setting.whenInUse}.`,
      { code: error.code, cause: error },
    );
  }
  if (error instanceof CredentialsKeyError) {
    const where = error.code === 'bad_key' ? 'LATCHKEY_CREDENTIALS_KEY' : `the key file in ${setting.dataDir}`;
    return new StartupError(`The credentials key cannot be used (${where}): ${error.message}.`, {
      code: `credentials_${error.code}`,
      cause: error,
    });
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && !setting.databaseUrl) {
    return new StartupError(
      `The data folder ${setting.dataDir} (${setting.dataDirSource}) cannot be used: ${await whyNot(error, setting.dataDir)}.`,
      { code: 'data_folder_unusable', cause: error },
    );
  }
  return error;
}

/**
 * Why a PostgreSQL connection could not be made, in words a first-time operator can act on, and
 * the connection URL in a form that may be printed (never its password).
 * Codes: PostgreSQL "Appendix A. Error Codes" (28P01, 28000, 3D000, 57P03, 53300) and Node's
 * socket errors.
 */
export type PostgresFailureKind = 'unreachable' | 'login_refused' | 'no_database' | 'not_ready' | 'failed';

export interface PostgresFailure {
  kind: PostgresFailureKind;
  /** What happened, e.g. `connection refused`. */
  reason: string;
  /** What to do about it. */
  advice: string;
}

export function describePostgresFailure(error: unknown): PostgresFailure {
  const code = codeOf(error);
  const serverMessage = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'unreachable',
        reason: 'connection refused',
        advice: 'Start PostgreSQL there, or correct the host and port in DATABASE_URL',
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        kind: 'unreachable',
        reason: 'the host name does not resolve',
        advice: 'Correct the host in DATABASE_URL',
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        kind: 'unreachable',
        reason: 'the host does not answer',
        advice: 'Check the host and port in DATABASE_URL, and any firewall in between',
      };
    case 'ECONNRESET':
      return {
        kind: 'unreachable',
        reason: 'the connection was closed by the server',
        advice: 'Check that the port is PostgreSQL and the SSL settings (sslmode in DATABASE_URL)',
      };
    case '28P01':
    case '28000':
      return {
        kind: 'login_refused',
        reason: `the login was refused (${serverMessage})`,
        advice: 'Correct the user name and password in DATABASE_URL (or the pg_hba.conf of the server)',
      };
    case '3D000':
      return {
        kind: 'no_database',
        reason: serverMessage,
        advice: 'Create it (createdb NAME), or correct the database name in DATABASE_URL',
      };
    case '57P03':
    case '53300':
      return { kind: 'not_ready', reason: serverMessage, advice: 'Try again when PostgreSQL accepts connections' };
    default:
      return { kind: 'failed', reason: serverMessage, advice: 'Check DATABASE_URL and that PostgreSQL is running' };
  }
}

/** The URL with its password (and any password parameter) replaced by `***`. Unparsable: not shown. */
export function urlWithoutPassword(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return '(the connection string, not shown: it is not a URL)';
  }
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (/pass/i.test(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}

/** Node reports "localhost" tried on ::1 and 127.0.0.1 as an AggregateError; its parts carry the code. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (error instanceof AggregateError) return error.errors.map(codeOf).find((c) => c !== undefined);
  return undefined;
}

import { scrubText } from '../../../domain/log-redaction';

/**
 * The text "Report" gives the user to send to IT when a screen failed: which screen, when, which
 * app, and what the error said, all through the log redaction rule (domain/log-redaction.ts), so
 * an address, a token or a secret URL parameter in an error message is not passed on. No record
 * content: a screen's data never goes into an error report.
 */
export interface ErrorReportInput {
  screen: string;
  error: unknown;
  /** React's component stack: which components, never their props. */
  componentStack?: string | null;
  /** describeHost(app info), when the host answered. */
  host?: string;
  at: Date;
}

const STACK_LINES = 12;

export function errorReport(input: ErrorReportInput): string {
  const error =
    input.error instanceof Error
      ? `${input.error.name}: ${input.error.message}`
      : `Thrown value: ${typeof input.error === 'string' ? input.error : typeof input.error}`;
  const where = (input.componentStack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, STACK_LINES);
  return scrubText(
    [
      'Latchkey error report',
      `Screen: ${input.screen}`,
      `Time: ${input.at.toISOString()}`,
      `App: ${input.host ?? 'unknown'}`,
      `Error: ${error}`,
      ...(where.length > 0 ? ['Components:', ...where.map((line) => `  ${line}`)] : []),
    ].join('\n'),
  );
}

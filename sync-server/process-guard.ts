/**
 * The last line of defence of a long-running server: a promise rejected with no handler, or an
 * exception thrown from a timer, is logged and the process keeps serving every other client.
 * Node's default ends the process, which would turn one bad request or one failed background
 * task into an outage. Every route and background loop (Okta worker, change feed, live streams)
 * catches its own errors; this catches what a future change forgets, and says so loudly.
 */
export type GuardLog = (message: string, detail: { err: unknown }) => void;

export function guardProcess(log: GuardLog): () => void {
  const onRejection = (reason: unknown): void =>
    log('unhandled promise rejection (process kept running)', { err: reason });
  const onException = (error: Error): void => log('uncaught exception (process kept running)', { err: error });
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/**
 * Group commit for pushes. A push alone is a transaction of six statements (BEGIN, locks, reads,
 * the write, COMMIT, the change notices), and the work of sending and answering each statement
 * was most of what a single-row push cost the server. So while `running` transactions of pushes
 * are under way, pushes that arrive wait, and the next transaction takes all of them (up to
 * `PUSH_ROWS_MAX` rows): they share its locks, reads, write statement and commit (push.ts
 * `pushAll` judges each as if the ones before it had committed alone). Without load a push
 * starts at once. Under load a push may wait for a running transaction to end where it could
 * have started its own, and then shares the next one, which costs far less than running alone.
 *
 * If a shared transaction fails, each of its pushes runs again on its own: one push's failure
 * (a record the store refuses) stays its own.
 */
import { PUSH_ROWS_MAX, type ServerPushConflict } from '../../domain/wire/replication';
import type { PushRequest } from './push';

/**
 * Transactions of pushes under way at once, per process. Two: while one group's statements
 * travel to PostgreSQL and back, the next group can run. Each further transaction splits the
 * pushes that wait into smaller groups, so each push pays a larger share of a group's
 * statements: with four, the push-cost bench measured more CPU per push in the server and in
 * PostgreSQL at every load it was run with, and no more pushes/s in the closed loops of
 * sync-scale, the database 1 ms away included (README, Push cost).
 */
export const PUSH_TRANSACTIONS_RUNNING = 2;

interface Waiting {
  request: PushRequest;
  resolve(conflicts: ServerPushConflict[]): void;
  reject(error: unknown): void;
}

export class PushBatches {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly apply: (requests: readonly PushRequest[]) => Promise<ServerPushConflict[][]>,
    private readonly maxRunning = PUSH_TRANSACTIONS_RUNNING,
  ) {}

  /** Applies `request` (alone or with others that wait with it); resolves to its conflicts. */
  push(request: PushRequest): Promise<ServerPushConflict[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.startWaiting();
    });
  }

  private startWaiting(): void {
    while (this.running < this.maxRunning && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.running += 1;
      void this.run(group).finally(() => {
        this.running -= 1;
        this.startWaiting();
      });
    }
  }

  /** The longest run of waiting pushes, in arrival order, within `PUSH_ROWS_MAX` rows (at least one push). */
  private takeGroup(): Waiting[] {
    let rows = 0;
    let count = 0;
    for (const { request } of this.waiting) {
      if (count > 0 && rows + request.rows.length > PUSH_ROWS_MAX) break;
      rows += request.rows.length;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private async run(group: readonly Waiting[]): Promise<void> {
    try {
      const answers = await this.apply(group.map((w) => w.request));
      group.forEach((w, i) => {
        w.resolve(answers[i] ?? []);
      });
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      await Promise.all(
        group.map((w) => this.apply([w.request]).then(([answer]) => w.resolve(answer ?? []), w.reject)),
      );
    }
  }
}

import { oktaId } from '../state/ids';

export type TaskKind =
  | 'user.push'
  | 'user.update'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'group.push'
  | 'group.rename'
  | 'group.members.add'
  | 'group.members.remove';

/** One row of Okta's Tasks page: what was attempted for which object, and how it ended. */
export interface ProvisioningTask {
  id: string;
  kind: TaskKind;
  /** Okta id of the user or group concerned. */
  targetId: string;
  status: 'PENDING' | 'SUCCESS' | 'FAILED';
  /** Why it failed: the SCIM status and detail, or the transport error. */
  error: string | null;
  created: string;
  finished: string | null;
}

export class ProvisioningFailure extends Error {
  readonly code = 'SCIM_REJECTED';
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`SCIM server answered ${status}: ${detail}`);
    this.name = 'ProvisioningFailure';
  }
}

/**
 * Okta runs an app's provisioning tasks one after another; so does this queue. `idle()` resolves
 * once every queued task has finished, successfully or not.
 */
export class TaskQueue {
  readonly #tasks: ProvisioningTask[] = [];
  #tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly now: () => Date,
    private readonly onUnexpected: (err: unknown, task: ProvisioningTask) => void,
  ) {}

  enqueue(kind: TaskKind, targetId: string, run: () => Promise<void>): void {
    const task: ProvisioningTask = {
      id: oktaId('tsk'),
      kind,
      targetId,
      status: 'PENDING',
      error: null,
      created: this.now().toISOString(),
      finished: null,
    };
    this.#tasks.push(task);
    this.#tail = this.#tail.then(async () => {
      try {
        await run();
        task.status = 'SUCCESS';
      } catch (err) {
        task.status = 'FAILED';
        task.error = err instanceof Error ? err.message : String(err);
        if (!(err instanceof ProvisioningFailure)) this.onUnexpected(err, task);
      } finally {
        task.finished = this.now().toISOString();
      }
    });
  }

  tasks(): ProvisioningTask[] {
    return this.#tasks.map((t) => ({ ...t }));
  }

  idle(): Promise<void> {
    return this.#tail;
  }
}

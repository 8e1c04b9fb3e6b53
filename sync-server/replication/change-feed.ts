/**
 * Committed writes, as PostgreSQL NOTIFY delivers them (only after commit, to every process
 * listening on the database), turned into an in-process event. The live stream subscribes here.
 */
import { EventEmitter } from 'node:events';
import { CHANGES_CHANNEL, ChangeNotice } from '../store/change-notice';
import type { Db } from '../store/db';

export type { ChangeNotice } from '../store/change-notice';

export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private unlisten: (() => Promise<void>) | undefined;
  private listening = false;

  constructor() {
    // One listener per open stream; hundreds of replicas are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  async start(db: Db): Promise<void> {
    this.unlisten = await db.listen(
      CHANGES_CHANNEL,
      (raw) => {
        const parsed = ChangeNotice.safeParse(safeJson(raw));
        if (parsed.success) this.emitter.emit('change', parsed.data);
      },
      {
        onDown: () => {
          this.listening = false;
        },
        // Commits while the connection was down were never announced: subscribers start over.
        onUp: () => {
          this.listening = true;
          this.emitter.emit('resync');
        },
      },
    );
    this.listening = true;
  }

  /** False while the store connection that delivers notices is lost (readiness). */
  get connected(): boolean {
    return this.listening;
  }

  /** Called when notices may have been missed (the connection came back): re-read everything. */
  onResync(fn: () => void): () => void {
    this.emitter.on('resync', fn);
    return () => this.emitter.off('resync', fn);
  }

  subscribe(fn: (notice: ChangeNotice) => void): () => void {
    this.emitter.on('change', fn);
    return () => this.emitter.off('change', fn);
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
    this.listening = false;
    this.emitter.removeAllListeners();
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

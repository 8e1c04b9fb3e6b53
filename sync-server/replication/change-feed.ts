/**
 * Committed writes, as PostgreSQL NOTIFY delivers them (only after commit, to every process
 * listening on the database), turned into an in-process event. The live stream subscribes here.
 */
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { CollectionName } from '../../domain/wire/collections';
import type { Db } from '../store/db';
import { CHANGES_CHANNEL } from '../store/records-repo';

const Payload = z.object({ collection: CollectionName, seq: z.number().int() });
export type ChangeNotice = z.infer<typeof Payload>;

export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private unlisten: (() => Promise<void>) | undefined;

  constructor() {
    // One listener per open stream; hundreds of replicas are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  async start(db: Db): Promise<void> {
    this.unlisten = await db.listen(CHANGES_CHANNEL, (raw) => {
      const parsed = Payload.safeParse(safeJson(raw));
      if (parsed.success) this.emitter.emit('change', parsed.data);
    });
  }

  subscribe(fn: (notice: ChangeNotice) => void): () => void {
    this.emitter.on('change', fn);
    return () => this.emitter.off('change', fn);
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
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

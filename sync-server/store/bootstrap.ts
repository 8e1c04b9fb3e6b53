/** First start: the workspace settings document exists before any client pulls it. */
import { DEFAULT_SETTINGS } from '../../domain/records';
import type { Db } from './db';
import type { RecordsRepo } from './records-repo';

export async function ensureSettings(db: Db, repo: RecordsRepo): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.lockRecords(tx, 'settings', [DEFAULT_SETTINGS.id]);
    const row = await repo.getRow(tx, 'settings', DEFAULT_SETTINGS.id);
    if (row === null) await repo.put(tx, 'settings', DEFAULT_SETTINGS, { type: 'system', name: 'bootstrap' });
  });
}

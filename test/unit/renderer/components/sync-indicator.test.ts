import { describe, expect, it } from 'vitest';
import { accessText, pathText } from '../../../../renderer/src/screens/access-text';
import { describeSync } from '../../../../renderer/src/stores/sync-store';

const base = { connectivity: 'online' as const, syncing: false, pending: 0, error: null };

describe('the sync indicator', () => {
  it('says online when everything is pushed', () => {
    expect(describeSync(base)).toEqual({ kind: 'online', text: 'Online — all changes synced' });
  });
  it('says offline with the number of pending changes', () => {
    expect(describeSync({ ...base, connectivity: 'offline', pending: 1 })).toEqual({
      kind: 'offline',
      text: 'Offline — 1 pending change',
    });
    expect(describeSync({ ...base, connectivity: 'offline', pending: 3 }).text).toBe('Offline — 3 pending changes');
  });
  it('says syncing while replication runs or changes wait, and an error outranks everything', () => {
    expect(describeSync({ ...base, syncing: true }).kind).toBe('syncing');
    expect(describeSync({ ...base, pending: 2 }).text).toBe('Syncing… — 2 pending changes');
    expect(
      describeSync({ ...base, connectivity: 'offline', error: { code: 'user_inactive', reason: 'Deactivated.' } }),
    ).toEqual({ kind: 'error', text: 'Sync error: Deactivated.' });
  });
});

describe('access wording', () => {
  it('names the path a role comes through', () => {
    expect(pathText({ kind: 'team', role: 'collaborator', shareId: 's', teamId: 't', teamName: 'Marketing' })).toBe(
      'via team Marketing',
    );
    expect(
      accessText(
        {
          role: 'owner',
          paths: [{ kind: 'collection', role: 'owner', shareId: 's', collectionId: 'c', collectionName: 'Social' }],
        },
        false,
      ),
    ).toBe('Owner (via collection Social)');
    expect(accessText({ role: null, paths: [] }, true)).toBe('No role — visible through your All-Access Mode');
  });
});

/**
 * The directory a replica holds, as the server's pull view (sync-server/replication/view.ts)
 * serves it: every active member sees every user and team — deactivated and removed users too,
 * so a rotation banner or an audit line can still name who left — with Okta ids for admins only.
 */
import { describe, expect, it } from 'vitest';
import { visibleTo } from '../../../../domain/access';
import type { CollectionName, Doc } from '../../../../domain/wire/collections';
import { indexWorkspace } from '../../../../domain/workspace-index';
import { liveView } from '../../../../sync-server/replication/view';
import type { StoredRow } from '../../../../sync-server/store/records-repo';
import type { WorkspaceState } from '../../../../sync-server/workspace/workspace-cache';
import { marketing, people, snapshot } from '../../domain/policy-fixture';

function state(): WorkspaceState {
  const index = indexWorkspace(snapshot());
  return { horizon: 1, index, usersByExternalId: new Map(), visibility: (userId) => visibleTo(index, userId) };
}

const row = (collection: CollectionName, doc: Doc): StoredRow => ({
  collection,
  id: doc.id,
  tx: 1,
  seq: 1,
  deleted: false,
  doc,
});

describe('the directory in the pull view', () => {
  it('shows a member every user, deactivated and removed ones included, without Okta ids', () => {
    for (const user of [people.ada, people.ivan, people.rita]) {
      const seen = liveView(state(), 'colin', row('users', user));
      expect(seen).toEqual({ ...user, externalId: null, _deleted: false });
    }
    expect(liveView(state(), 'colin', row('teams', marketing))).toEqual({
      ...marketing,
      oktaGroupId: null,
      _deleted: false,
    });
  });

  it('shows admins the Okta ids', () => {
    expect(liveView(state(), 'adam', row('users', people.ivan))).toEqual({ ...people.ivan, _deleted: false });
  });
});

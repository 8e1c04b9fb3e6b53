import { useState } from 'react';
import { effectiveCollectionRole } from '../../../domain/access';
import { decide } from '../../../domain/policy';
import { accountIdsIn } from '../../../domain/workspace-index';
import { Dialog } from '../components/dialog';
import { createCollection, updateAccount } from '../replica/writes';
import { navigate } from '../stores/route-store';
import { roleName } from './access-text';
import { useApp } from './app-context';
import { CollectionOktaPanel } from './collection-okta-panel';
import { EXTENSION_STATE_TEXT } from './okta-extension-panel';
import { SharingPanel } from './sharing-panel';

export function CollectionsScreen() {
  const { handle, view, me } = useApp();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const canCreate = me ? decide(view.index, me.id, 'collection.create') : null;
  return (
    <main className="screen" aria-labelledby="screen-title">
      <div className="screen-head">
        <h2 id="screen-title">Collections</h2>
        <button type="button" className="primary" disabled={!canCreate?.allowed} onClick={() => setCreating(true)}>
          New collection
        </button>
      </div>
      {canCreate && !canCreate.allowed && <p className="notice">{canCreate.message}</p>}
      {view.collections.length === 0 ? (
        <p className="empty-state">No collections yet. A collection groups accounts so you can share them together.</p>
      ) : (
        <ul className="account-cards" aria-label="Collections">
          {view.collections.map((collection) => {
            const role = me ? effectiveCollectionRole(view.index, me.id, collection.id).role : null;
            return (
              <li key={collection.id}>
                <button
                  type="button"
                  className="account-card"
                  onClick={() => navigate({ screen: 'collection', collectionId: collection.id })}
                >
                  <span className="card-title">{collection.name}</span>
                  <span className="card-app">{accountIdsIn(view.index, collection.id).length} accounts</span>
                  <span className="card-role">{role ? roleName(role) : 'No role'}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {creating && me && (
        <Dialog
          title="New collection"
          onClose={() => setCreating(false)}
          onSubmit={() => {
            if (!name.trim()) return;
            void createCollection(handle, me.id, name).then((id) => {
              setCreating(false);
              setName('');
              navigate({ screen: 'collection', collectionId: id });
            });
          }}
          actions={
            <>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={!name.trim()}>
                Create collection
              </button>
            </>
          }
        >
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
          </label>
        </Dialog>
      )}
    </main>
  );
}

export function CollectionDetailsScreen({ collectionId }: { collectionId: string }) {
  const { handle, view, me } = useApp();
  const [adding, setAdding] = useState('');
  const collection = view.index.collections.get(collectionId);
  if (!collection) {
    return (
      <main className="screen" aria-labelledby="screen-title">
        <h2 id="screen-title">Collection not available</h2>
        <p className="empty-state">This collection was deleted, or you no longer have access to it.</p>
        <button type="button" onClick={() => navigate({ screen: 'collections' })}>
          Back to collections
        </button>
      </main>
    );
  }
  const item = { type: 'collection', id: collection.id } as const;
  const edit = me ? decide(view.index, me.id, 'collection.edit', item) : null;
  const members = accountIdsIn(view.index, collection.id)
    .map((id) => view.index.accounts.get(id))
    .filter((a) => a !== undefined);
  const addable = view.accounts.filter(
    (a) =>
      a.collectionId !== collection.id &&
      me &&
      decide(view.index, me.id, 'account.editDetails', { type: 'account', id: a.id }).allowed,
  );

  return (
    <main className="screen" aria-labelledby="screen-title">
      <button type="button" className="link back" onClick={() => navigate({ screen: 'collections' })}>
        ← All collections
      </button>
      <div className="screen-head">
        <h2 id="screen-title">{collection.name}</h2>
      </div>
      <section className="panel" aria-labelledby="members-title">
        <h3 id="members-title">Accounts in this collection</h3>
        {members.length === 0 ? (
          <p className="muted">No accounts in this collection yet.</p>
        ) : (
          <ul className="grant-list" aria-label="Accounts in this collection">
            {members.map((account) => (
              <li key={account.id}>
                <button
                  type="button"
                  className="link"
                  onClick={() => navigate({ screen: 'account', accountId: account.id })}
                >
                  {account.name} — {account.appName}
                </button>{' '}
                <span className="muted" data-extension-state={account.extensionState}>
                  {EXTENSION_STATE_TEXT[account.extensionState]}
                  {account.extensionState === 'off'
                    ? ''
                    : account.extendedByCollection
                      ? ' (through this collection)'
                      : ' (extended on its own)'}
                </span>
              </li>
            ))}
          </ul>
        )}
        {edit && !edit.allowed ? (
          <p className="notice">{edit.message}</p>
        ) : (
          <form
            className="share-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (adding) void updateAccount(handle, adding, { collectionId: collection.id }).then(() => setAdding(''));
            }}
          >
            <label>
              Add an account you own
              <select value={adding} onChange={(e) => setAdding(e.target.value)}>
                <option value="">Choose an account…</option>
                {addable.map((account) => (
                  <option key={account.id} value={account.id}>
                    {account.name} — {account.appName}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={!adding}>
              Add to collection
            </button>
          </form>
        )}
      </section>
      <CollectionOktaPanel collection={collection} accounts={members} />
      <SharingPanel item={item} />
    </main>
  );
}

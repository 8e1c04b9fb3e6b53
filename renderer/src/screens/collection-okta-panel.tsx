import { useState } from 'react';
import { collectionExtensionStatus } from '../../../domain/collection-extension';
import { decide } from '../../../domain/policy';
import type { Account, Collection } from '../../../domain/records';
import { api as routes } from '../../../domain/wire/api';
import { ConfirmDialog } from '../components/dialog';
import { useApp } from './app-context';
import { callApi } from './call-api';

const STATE_TEXT = {
  off: 'Not extended',
  extended: 'Extended — every account is synced',
  pending: 'Pending — syncing with Okta',
  error: 'Error — some accounts could not be synced',
} as const;

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * "Extended account access for Okta" for a collection. Extending is a standing choice, kept by
 * the server (`POST|DELETE /api/v1/collections/:id/extend`): accounts added later are extended,
 * accounts moved out leave Okta unless their owner extended them on their own. The status and
 * counts come from the replicated accounts (domain/collection-extension.ts), so they follow the
 * reconciler live.
 */
export function CollectionOktaPanel({ collection, accounts }: { collection: Collection; accounts: Account[] }) {
  const { api, view, me } = useApp();
  const [confirm, setConfirm] = useState<'extend' | 'unextend' | null>(null);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const item = { type: 'collection', id: collection.id } as const;
  const extend = me ? decide(view.index, me.id, 'collection.extend', item) : null;
  const unextend = me ? decide(view.index, me.id, 'collection.unextend', item) : null;
  const status = collectionExtensionStatus(collection, accounts);
  const ownOnly = accounts.filter((a) => a.extensionState !== 'off' && !a.extendedByCollection).length;

  const run = async (route: typeof routes.extendCollection | typeof routes.unextendCollection, done: string) => {
    setConfirm(null);
    const outcome = await callApi(api, route, { params: { id: collection.id } });
    setNote(outcome.ok ? { error: false, text: done } : { error: true, text: outcome.message });
  };

  return (
    <section className="panel okta-panel" aria-labelledby="collection-okta-title">
      <div className="panel-head">
        <h3 id="collection-okta-title">Extended account access for Okta</h3>
        {collection.extended ? (
          <button type="button" disabled={!unextend?.allowed} onClick={() => setConfirm('unextend')}>
            Un-extend collection
          </button>
        ) : (
          <button type="button" className="primary" disabled={!extend?.allowed} onClick={() => setConfirm('extend')}>
            Extend collection to Okta
          </button>
        )}
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-collection-extension-state={status.state}>{STATE_TEXT[status.state]}</dd>
        {collection.extended && (
          <>
            <dt>Accounts</dt>
            <dd data-testid="collection-extension-counts">
              {status.counts.synced} synced, {status.counts.pending} pending, {status.counts.error} with errors
            </dd>
            <dt>Extended</dt>
            <dd>{formatDate(collection.extendedAt)}</dd>
          </>
        )}
      </dl>
      {!collection.extended && extend && !extend.allowed && <p className="notice">{extend.message}</p>}
      {collection.extended && unextend && !unextend.allowed && <p className="notice">{unextend.message}</p>}
      {note && (
        <p className={note.error ? 'error-text' : 'muted'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {confirm === 'extend' && (
        <ConfirmDialog
          title="Extend this collection to Okta?"
          body={
            <p>
              Each account in “{collection.name}”, and each account added to it later, becomes an app in Okta for
              everyone with Owner or Collaborator access. An account moved out of the collection is removed from Okta
              unless its owner extended it on its own. No password or verification code is sent to Okta.
            </p>
          }
          confirmLabel="Extend collection"
          onClose={() => setConfirm(null)}
          onConfirm={() =>
            void run(routes.extendCollection, 'The collection is extended to Okta. Its accounts sync now.')
          }
        />
      )}
      {confirm === 'unextend' && (
        <ConfirmDialog
          title="Un-extend this collection?"
          body={
            <p>
              Accounts extended only through “{collection.name}” are removed from Okta for everyone, and accounts added
              later are no longer extended.
              {ownOnly > 0
                ? ` ${ownOnly} account${ownOnly === 1 ? '' : 's'} extended on ${ownOnly === 1 ? 'its' : 'their'} own stay${ownOnly === 1 ? 's' : ''} in Okta.`
                : ''}
            </p>
          }
          confirmLabel="Un-extend collection"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={() => void run(routes.unextendCollection, 'The collection is no longer extended to Okta.')}
        />
      )}
    </section>
  );
}

import { useState } from 'react';
import { unextendRefusal } from '../../../domain/collection-extension';
import { decide } from '../../../domain/policy';
import type { Account } from '../../../domain/records';
import { api as routes } from '../../../domain/wire/api';
import { ConfirmDialog } from '../components/dialog';
import { MoreOptions } from '../components/more-options';
import { useApp } from './app-context';
import { callApi } from './call-api';

export const EXTENSION_STATE_TEXT: Record<Account['extensionState'], string> = {
  off: 'Not extended',
  pending: 'Pending — syncing with Okta',
  synced: 'Synced',
  error: 'Error',
};

type Confirm = 'extend' | 'sync' | 'remove' | null;

/**
 * What the panel says after an action. The server answers at once, but the outcome arrives later
 * through replication (the reconciler writes the account), so an accepted action keeps saying
 * "working" until the replicated account shows it done — then the success message the seeds
 * describe ("When the sync is complete, a success message box is displayed").
 */
type Note =
  | { kind: 'error'; text: string }
  | { kind: 'progress'; text: string; doneText: string; isDone: (account: Account) => boolean };

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * "Connected services and apps → Extended account access for Okta"
 * (seeds: sync-and-extend-an-account-to-okta.md, troubleshooting-extended-account-access.md).
 * Extending, syncing and removing are server actions (`/api/v1/accounts/:id/extend|sync`); the
 * state shown comes back through replication, written by the server's reconciler.
 */
export function OktaExtensionPanel({ account }: { account: Account }) {
  const { api, view, me } = useApp();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [note, setNote] = useState<Note | null>(null);
  const item = { type: 'account', id: account.id } as const;
  const extend = me ? decide(view.index, me.id, 'account.extend', item) : null;
  const syncNow = me ? decide(view.index, me.id, 'account.syncNow', item) : null;
  const unextend = me ? decide(view.index, me.id, 'account.unextend', item) : null;
  const extended = account.extensionState !== 'off';
  const collection = account.collectionId === null ? undefined : view.index.collections.get(account.collectionId);
  // Inside an extended collection the account is extended by the collection, whatever its owner says.
  const heldByCollection = unextendRefusal(account, collection);

  const run = async (
    route: typeof routes.extendAccount | typeof routes.syncAccount | typeof routes.unextendAccount,
    progress: Omit<Note & { kind: 'progress' }, 'kind'>,
  ) => {
    setConfirm(null);
    setNote({ kind: 'progress', text: 'Working…', doneText: progress.doneText, isDone: () => false });
    const outcome = await callApi(api, route, { params: { id: account.id } });
    setNote(outcome.ok ? { kind: 'progress', ...progress } : { kind: 'error', text: outcome.message });
  };
  // An extend or a manual sync is done when the reconciler has stamped a new lastSyncedAt.
  const syncedAfterNow = () => {
    const before = account.lastSyncedAt;
    return (a: Account) => a.extensionState === 'synced' && a.lastSyncedAt !== before;
  };
  const shownNote =
    note?.kind === 'progress'
      ? account.extensionState === 'error'
        ? null // the status line already carries the reason
        : { error: false, text: note.isDone(account) ? note.doneText : note.text }
      : note && { error: true, text: note.text };

  return (
    <section className="panel okta-panel" aria-labelledby="okta-title">
      <div className="panel-head">
        <h4 id="okta-title">Extended account access for Okta</h4>
        {extended ? (
          <MoreOptions
            label="More options"
            items={[
              { label: 'Sync account manually', disabled: !syncNow?.allowed, onSelect: () => setConfirm('sync') },
              {
                label: 'Remove from Okta',
                disabled: !unextend?.allowed || heldByCollection !== null,
                onSelect: () => setConfirm('remove'),
              },
            ]}
          />
        ) : (
          <button type="button" className="primary" disabled={!extend?.allowed} onClick={() => setConfirm('extend')}>
            Sync
          </button>
        )}
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-extension-state={account.extensionState}>
          {EXTENSION_STATE_TEXT[account.extensionState]}
          {account.extensionState === 'error' && account.lastError ? `: ${account.lastError}` : ''}
        </dd>
        <dt>Extended</dt>
        <dd>
          {formatDate(account.extendedAt)}
          {extended && account.extendedByCollection && collection
            ? ` — through the collection “${collection.name}”`
            : ''}
        </dd>
        <dt>Last synced</dt>
        <dd>{formatDate(account.lastSyncedAt)}</dd>
      </dl>
      {!extended && extend && !extend.allowed && <p className="notice">{extend.message}</p>}
      {extended && syncNow && !syncNow.allowed && <p className="notice">{syncNow.message}</p>}
      {extended && heldByCollection !== null && syncNow?.allowed && <p className="muted">{heldByCollection}</p>}
      {shownNote && (
        <p className={shownNote.error ? 'error-text' : 'muted'} role={shownNote.error ? 'alert' : 'status'}>
          {shownNote.text}
        </p>
      )}
      {confirm === 'extend' && (
        <ConfirmDialog
          title="Extend your account to Okta?"
          body={
            <p>
              “{account.name} - {account.appName}” becomes an app in Okta. You and everyone with Owner or Collaborator
              access to this account will see it in their Okta dashboard and can log in from it. No password or
              verification code is sent to Okta.
            </p>
          }
          confirmLabel="Extend account"
          onClose={() => setConfirm(null)}
          onConfirm={() =>
            void run(routes.extendAccount, {
              text: 'Extending the account to Okta. The status updates when the sync completes.',
              doneText: 'Your account is extended to Okta.',
              isDone: syncedAfterNow(),
            })
          }
        />
      )}
      {confirm === 'sync' && (
        <ConfirmDialog
          title="Sync account manually?"
          body={<p>The latest access to this account is sent to Okta again, overwriting changes made in Okta.</p>}
          confirmLabel="Sync account"
          onClose={() => setConfirm(null)}
          onConfirm={() =>
            void run(routes.syncAccount, {
              text: 'Sync requested. The status updates when it completes.',
              doneText: 'The account is synced with Okta.',
              isDone: syncedAfterNow(),
            })
          }
        />
      )}
      {confirm === 'remove' && (
        <ConfirmDialog
          title="Remove this account from Okta?"
          body={<p>The app and its chiclets are removed from Okta for everyone. The account stays in Latchkey.</p>}
          confirmLabel="Remove from Okta"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={() =>
            void run(routes.unextendAccount, {
              text: 'Removing the account from Okta.',
              doneText: 'The account was removed from Okta.',
              isDone: (a) => a.extensionState === 'off',
            })
          }
        />
      )}
    </section>
  );
}

import { useState } from 'react';
import { decide } from '../../../domain/policy';
import type { Account } from '../../../domain/records';
import { ConfirmDialog } from '../components/dialog';
import { MoreOptions } from '../components/more-options';
import { useApp } from './app-context';
import { callApi } from './call-api';

const STATUS_TEXT: Record<Account['extensionState'], string> = {
  off: 'Not extended',
  pending: 'Pending — syncing with Okta',
  synced: 'Synced',
  error: 'Error',
};

type Confirm = 'extend' | 'sync' | 'remove' | null;

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
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const item = { type: 'account', id: account.id } as const;
  const extend = me ? decide(view.index, me.id, 'account.extend', item) : null;
  const syncNow = me ? decide(view.index, me.id, 'account.syncNow', item) : null;
  const unextend = me ? decide(view.index, me.id, 'account.unextend', item) : null;
  const extended = account.extensionState !== 'off';

  const run = async (method: 'POST' | 'DELETE', path: string, done: string) => {
    setConfirm(null);
    setNote({ kind: 'ok', text: 'Working…' });
    const outcome = await callApi(api, method, path);
    setNote(outcome.ok ? { kind: 'ok', text: done } : { kind: 'error', text: outcome.message });
  };

  return (
    <section className="panel okta-panel" aria-labelledby="okta-title">
      <div className="panel-head">
        <h4 id="okta-title">Extended account access for Okta</h4>
        {extended ? (
          <MoreOptions
            label="More options"
            items={[
              { label: 'Sync account manually', disabled: !syncNow?.allowed, onSelect: () => setConfirm('sync') },
              { label: 'Remove from Okta', disabled: !unextend?.allowed, onSelect: () => setConfirm('remove') },
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
          {STATUS_TEXT[account.extensionState]}
          {account.extensionState === 'error' && account.lastError ? `: ${account.lastError}` : ''}
        </dd>
        <dt>Extended</dt>
        <dd>{formatDate(account.extendedAt)}</dd>
        <dt>Last synced</dt>
        <dd>{formatDate(account.lastSyncedAt)}</dd>
      </dl>
      {!extended && extend && !extend.allowed && <p className="notice">{extend.message}</p>}
      {extended && syncNow && !syncNow.allowed && <p className="notice">{syncNow.message}</p>}
      {note && (
        <p className={note.kind === 'error' ? 'error-text' : 'muted'} role={note.kind === 'error' ? 'alert' : 'status'}>
          {note.text}
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
            void run(
              'POST',
              `/api/v1/accounts/${account.id}/extend`,
              'Extending the account to Okta. The status updates when the sync completes.',
            )
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
            void run(
              'POST',
              `/api/v1/accounts/${account.id}/sync`,
              'Sync requested. The status updates when it completes.',
            )
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
            void run('DELETE', `/api/v1/accounts/${account.id}/extend`, 'Removing the account from Okta.')
          }
        />
      )}
    </section>
  );
}

import { useState } from 'react';
import { effectiveRole, seesEverything } from '../../../domain/access';
import { decide } from '../../../domain/policy';
import { ConfirmDialog } from '../components/dialog';
import { SecretField, TotpCode } from '../components/secret-fields';
import { useReplicaDocument } from '../replica/use-workspace';
import { deleteAccount } from '../replica/writes';
import { copyToClipboard } from '../stores/clipboard-store';
import { navigate } from '../stores/route-store';
import { accessText } from './access-text';
import { AccountFormDialog } from './account-form';
import { AccountLogoPanel } from './account-logo';
import { useApp } from './app-context';
import { LaunchButton } from './launch-button';
import { OktaExtensionPanel } from './okta-extension-panel';
import { rotationBanner } from './rotation-text';
import { SharingPanel } from './sharing-panel';

export function AccountDetailsScreen({ accountId }: { accountId: string }) {
  const { api, handle, view, me } = useApp();
  const account = view.index.accounts.get(accountId);
  const credentials = useReplicaDocument(handle.replica.collections, 'credentials', accountId);
  const [editing, setEditing] = useState<false | 'account' | 'password'>(false);
  const [deleting, setDeleting] = useState(false);
  const [servicesOpen, setServicesOpen] = useState(true);

  if (!account) {
    return (
      <main className="screen" aria-labelledby="screen-title">
        <h2 id="screen-title">Account not available</h2>
        <p className="empty-state">
          {view.loading ? 'Loading…' : 'This account was deleted, or you no longer have access to it.'}
        </p>
        <button type="button" onClick={() => navigate({ screen: 'accounts' })}>
          Back to accounts
        </button>
      </main>
    );
  }
  const item = { type: 'account', id: account.id } as const;
  const access = me ? effectiveRole(view.index, me.id, account.id) : { role: null, paths: [] };
  const seeCredentials = me ? decide(view.index, me.id, 'credentials.view', item) : null;
  const editDetails = me ? decide(view.index, me.id, 'account.editDetails', item) : null;
  const editLabels = me ? decide(view.index, me.id, 'account.editLabels', item) : null;
  const canDelete = me ? decide(view.index, me.id, 'account.delete', item) : null;
  const editCredentials = me ? decide(view.index, me.id, 'credentials.edit', item) : null;
  const collection = account.collectionId ? view.index.collections.get(account.collectionId) : undefined;

  return (
    <main className="screen" aria-labelledby="screen-title">
      <button type="button" className="link back" onClick={() => navigate({ screen: 'accounts' })}>
        ← All accounts
      </button>
      <div className="screen-head">
        <h2 id="screen-title">{account.name}</h2>
        <div className="actions">
          <LaunchButton accountId={account.id} accountName={account.name} />
          <button
            type="button"
            onClick={() => setEditing('account')}
            disabled={!editDetails?.allowed && !editLabels?.allowed}
          >
            Edit
          </button>
          <button type="button" className="danger" onClick={() => setDeleting(true)} disabled={!canDelete?.allowed}>
            Delete
          </button>
        </div>
      </div>
      <dl className="facts" data-testid="account-facts">
        <dt>App</dt>
        <dd>{account.appName}</dd>
        <dt>Your role</dt>
        <dd data-testid="your-role">{accessText(access, me ? seesEverything(view.index, me) : false)}</dd>
        <dt>Login URL</dt>
        <dd>{account.loginUrl}</dd>
        <dt>Username</dt>
        <dd>
          {account.username || '—'}
          {account.username && (
            <button
              type="button"
              className="link copy-inline"
              onClick={() => void copyToClipboard(api, account.username, 'username', account.name)}
            >
              Copy username
            </button>
          )}
        </dd>
        <dt>Labels</dt>
        <dd>{account.labels.length ? account.labels.join(', ') : '—'}</dd>
        <dt>Collection</dt>
        <dd>{collection?.name ?? '—'}</dd>
      </dl>
      {account.rotationRequired && (
        <div className="notice rotation-banner" role="alert">
          <p>{rotationBanner(account, view.index.users)}</p>
          {editCredentials?.allowed && (
            <button type="button" className="primary" onClick={() => setEditing('password')}>
              Change password
            </button>
          )}
        </div>
      )}

      <AccountLogoPanel account={account} />
      <section className="panel" aria-labelledby="credentials-title">
        <h3 id="credentials-title">Credentials</h3>
        {seeCredentials && !seeCredentials.allowed ? (
          <p className="notice">{seeCredentials.message}</p>
        ) : credentials === undefined ? (
          <p className="muted">Loading…</p>
        ) : credentials === null ? (
          <p className="muted">No credentials synced to this device yet.</p>
        ) : (
          <>
            <SecretField
              label="Password"
              value={credentials.password}
              onCopy={() => void copyToClipboard(api, credentials.password, 'password', account.name)}
            />
            {credentials.totpSecret ? (
              <TotpCode
                secret={credentials.totpSecret}
                onCopy={(code) => void copyToClipboard(api, code, 'verification code', account.name)}
              />
            ) : (
              <p className="muted">No verification code (MFA) for this account.</p>
            )}
            {!handle.replica.credentialsPersisted && (
              <p className="muted">No OS keychain: credentials are kept in memory until Latchkey quits.</p>
            )}
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="services-title">
        <h3 id="services-title">
          <button
            type="button"
            className="disclosure"
            aria-expanded={servicesOpen}
            onClick={() => setServicesOpen(!servicesOpen)}
          >
            Connected services and apps
          </button>
        </h3>
        {servicesOpen && <OktaExtensionPanel account={account} />}
      </section>

      <SharingPanel item={item} />

      {editing && (
        <AccountFormDialog
          mode={{ kind: 'edit', account, credentials: credentials ?? null }}
          focusPassword={editing === 'password'}
          onClose={() => setEditing(false)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${account.name}?`}
          body={<p>Everyone who shares this account loses it, and it is removed from Okta if extended.</p>}
          confirmLabel="Delete account"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false);
            void deleteAccount(handle, account.id).then(() => navigate({ screen: 'accounts' }));
          }}
        />
      )}
    </main>
  );
}

import { useMemo, useState } from 'react';
import { holdersOf } from '../../../domain/access';
import { decide } from '../../../domain/policy';
import type { ItemRole } from '../../../domain/records';
import { displayName, isActiveMember, sharesOn } from '../../../domain/workspace-index';
import { shareItem, unshare } from '../replica/writes';
import { pathText, roleName } from './access-text';
import { useApp } from './app-context';

type Item = { type: 'account' | 'collection'; id: string };

/**
 * Share with users and teams as Owner or Collaborator, remove access, and see who has access
 * and through what (direct, team, collection). Changes go into the replica and work offline.
 */
export function SharingPanel({ item }: { item: Item }) {
  const { handle, view, me } = useApp();
  const { index } = view;
  const [grantee, setGrantee] = useState('');
  const [role, setRole] = useState<ItemRole>('collaborator');
  const [error, setError] = useState<string | null>(null);
  const share = me ? decide(index, me.id, 'item.share', item) : null;
  const remove = me ? decide(index, me.id, 'item.unshare', item) : null;
  const grants = sharesOn(index, item.type, item.id);
  const holders = useMemo(
    () =>
      [...holdersOf(index, item)]
        .flatMap(([userId, access]) => {
          const user = index.users.get(userId);
          return user ? [{ user, access }] : [];
        })
        .sort((a, b) => displayName(a.user).localeCompare(displayName(b.user), 'en')),
    [index, item],
  );
  const candidates = view.users.filter((user) => isActiveMember(user));
  const granteeName = (type: 'user' | 'team', id: string) =>
    type === 'user'
      ? (() => {
          const user = index.users.get(id);
          return user ? displayName(user) : 'Unknown user';
        })()
      : `Team ${index.teams.get(id)?.displayName ?? 'unknown'}`;

  const submit = async () => {
    const [type, id] = grantee.split(':') as ['user' | 'team', string];
    if (!id) {
      setError('Choose a person or team to share with.');
      return;
    }
    setError(null);
    try {
      await shareItem(handle, item, { type, id }, role);
      setGrantee('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="panel" aria-labelledby={`sharing-${item.id}`}>
      <h3 id={`sharing-${item.id}`}>Sharing</h3>
      {share && !share.allowed && <p className="notice">{share.message}</p>}
      <form
        className="share-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          Share with
          <select value={grantee} onChange={(e) => setGrantee(e.target.value)} disabled={!share?.allowed}>
            <option value="">Choose a person or team…</option>
            <optgroup label="People">
              {candidates.map((user) => (
                <option key={user.id} value={`user:${user.id}`}>
                  {displayName(user)} ({user.userName})
                </option>
              ))}
            </optgroup>
            <optgroup label="Teams">
              {view.teams.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  {team.displayName}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as ItemRole)} disabled={!share?.allowed}>
            <option value="collaborator">Collaborator</option>
            <option value="owner">Owner</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={!share?.allowed}>
          Share
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <h4>Granted</h4>
      {grants.length === 0 ? (
        <p className="muted">Not shared with anyone directly.</p>
      ) : (
        <ul className="grant-list" aria-label="Grants">
          {grants.map((grant) => (
            <li key={grant.id}>
              <span>
                {granteeName(grant.granteeType, grant.granteeId)} — {roleName(grant.role)}
              </span>
              <button
                type="button"
                disabled={!remove?.allowed}
                title={remove && !remove.allowed ? remove.message : undefined}
                onClick={() => void unshare(handle, grant.id)}
              >
                Remove access for {granteeName(grant.granteeType, grant.granteeId)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h4>Who has access</h4>
      {holders.length === 0 ? (
        <p className="muted">Nobody holds a role on this {item.type}.</p>
      ) : (
        <ul className="holder-list" aria-label="Who has access">
          {holders.map(({ user, access }) => (
            <li key={user.id}>
              <strong>{displayName(user)}</strong> — {access.role ? roleName(access.role) : ''}{' '}
              <span className="muted">({access.paths.map(pathText).join('; ')})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

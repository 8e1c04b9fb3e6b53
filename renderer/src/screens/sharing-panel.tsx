import { useMemo, useState } from 'react';
import { holdersOf } from '../../../domain/access';
import { decide } from '../../../domain/policy';
import type { ItemRole, Team, User } from '../../../domain/records';
import { displayName, isActiveMember, sharesOn } from '../../../domain/workspace-index';
import { Combobox, type ComboboxOption } from '../components/combobox';
import { shareItem, unshare } from '../replica/writes';
import { pathText, roleName } from './access-text';
import { useApp } from './app-context';
import { foldedBy } from './search-text';

type Item = { type: 'account' | 'collection'; id: string };

const userText = foldedBy((user: User) => `${displayName(user)} ${user.userName}`);
const teamText = foldedBy((team: Team) => team.displayName);
const byName = new Intl.Collator('en');

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
  // People, then teams, each by name: type-ahead over names and e-mail addresses (user names).
  const options = useMemo<ComboboxOption[]>(
    () => [
      ...view.users
        .filter((user) => isActiveMember(user))
        .map((user) => ({ user, name: displayName(user) }))
        .sort((a, b) => byName.compare(a.name, b.name))
        .map(({ user, name }) => ({
          value: `user:${user.id}`,
          label: `${name} (${user.userName})`,
          group: 'People',
          searchText: userText(user),
        })),
      ...[...view.teams]
        .sort((a, b) => byName.compare(a.displayName, b.displayName))
        .map((team) => ({
          value: `team:${team.id}`,
          label: team.displayName,
          group: 'Teams',
          searchText: teamText(team),
        })),
    ],
    [view.users, view.teams],
  );
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
        <Combobox
          label="Share with"
          options={options}
          value={grantee}
          onChange={setGrantee}
          disabled={!share?.allowed}
          placeholder="Type a name, e-mail or team…"
          emptyText="No person or team matches."
        />
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

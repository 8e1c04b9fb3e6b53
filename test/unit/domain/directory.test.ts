import { describe, expect, it } from 'vitest';
import { directoryFor } from '../../../domain/directory';
import { people, workspace } from './policy-fixture';

describe('directoryFor', () => {
  it('shows members every active user and team, without SCIM external IDs', () => {
    const dir = directoryFor(workspace(), 'colin');
    expect(dir.users.map((u) => u.id).sort()).toEqual(
      ['olga', 'sam', 'adam', 'ada', 'colin', 'lina', 'lara', 'nora', 'stan'].sort(),
    );
    expect(dir.users.every((u) => u.externalId === null)).toBe(true);
    expect(dir.teams.map((t) => t.displayName)).toEqual(['Marketing']);
  });

  it('shows admins deactivated and removed users too, with their external IDs', () => {
    const dir = directoryFor(workspace(), 'adam');
    expect(dir.users).toHaveLength(Object.keys(people).length);
    expect(dir.users.find((u) => u.id === 'ivan')).toEqual(people.ivan);
  });

  it('shows a deactivated, removed or unknown viewer nothing', () => {
    for (const id of ['ivan', 'rita', 'ghost']) expect(directoryFor(workspace(), id)).toEqual({ users: [], teams: [] });
  });
});

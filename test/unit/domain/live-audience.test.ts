/**
 * Who a write's notice concerns (domain/live-audience.ts): users, teams and settings concern
 * everyone; a record concerns those who may see it; named users and teams are concerned.
 */
import { describe, expect, it } from 'vitest';
import { makeShare, makeTeam, makeUser } from '../../../dev/stack/workspace-factory';
import { concerns, granteesOf, type LiveNotice, type ViewOf } from '../../../domain/live-audience';

const notice = (parts: Partial<LiveNotice>): LiveNotice => ({
  collections: ['accounts'],
  refs: [],
  users: [],
  teams: [],
  all: false,
  ...parts,
});

const sees = (ids: string[], teams: string[] = []): ViewOf => ({
  maySee: (_collection, id) => ids.includes(id),
  inTeam: (teamId) => teams.includes(teamId),
});

describe('live audience', () => {
  it('concerns a user who may see a written record, and not one who may not', () => {
    const n = notice({ refs: [['accounts', 'acct-1']] });
    expect(concerns(n, 'bob', sees(['acct-1']))).toBe(true);
    expect(concerns(n, 'cy', sees([]))).toBe(false);
  });

  it('concerns everyone when users, teams or settings change', () => {
    for (const collection of ['users', 'teams', 'settings'] as const) {
      expect(concerns(notice({ refs: [[collection, 'x']] }), 'cy', sees([]))).toBe(true);
    }
  });

  it('concerns named users, members of named teams, and everyone for `all`', () => {
    expect(concerns(notice({ users: ['cy'] }), 'cy', sees([]))).toBe(true);
    expect(concerns(notice({ teams: ['team-ops'] }), 'lou', sees([], ['team-ops']))).toBe(true);
    expect(concerns(notice({ teams: ['team-ops'] }), 'cy', sees([]))).toBe(false);
    expect(concerns(notice({ all: true }), 'cy', sees([]))).toBe(true);
  });

  it('names both grantees of a share that changed hands', () => {
    const user = makeUser({ id: 'cy' });
    const team = makeTeam({ id: 'team-ops' });
    const before = makeShare({ account: 'acct-1' }, { user }, 'collaborator', 'sh-1');
    const after = makeShare({ account: 'acct-1' }, { team }, 'collaborator', 'sh-1');
    expect(granteesOf(before, after)).toEqual({ users: ['cy'], teams: ['team-ops'] });
    expect(granteesOf(null, null)).toEqual({ users: [], teams: [] });
  });
});

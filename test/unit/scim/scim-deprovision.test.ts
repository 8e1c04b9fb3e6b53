import { describe, expect, it } from 'vitest';
import { planDeprovision } from '../../../domain/scim-deprovision';
import {
  makeAccount,
  makeCollection,
  makeShare,
  makeSnapshot,
  makeTeam,
  makeUser,
} from '../../support/workspace-factory';

describe('planDeprovision', () => {
  const ann = makeUser({ id: 'ann' });
  const bob = makeUser({ id: 'bob' });
  const support = makeTeam({ id: 'support', memberIds: ['ann', 'bob'] });
  const social = makeCollection({ id: 'social' });
  const direct = makeAccount({ id: 'direct' });
  const viaTeam = makeAccount({ id: 'via-team' });
  const inCollection = makeAccount({ id: 'in-collection', collectionId: 'social' });
  const bobsOnly = makeAccount({ id: 'bobs-only' });
  const shares = [
    makeShare({ account: direct }, { user: ann }, 'owner', 's-direct'),
    makeShare({ account: viaTeam }, { team: support }, 'collaborator', 's-team'),
    makeShare({ collection: social }, { user: ann }, 'collaborator', 's-collection'),
    makeShare({ account: bobsOnly }, { user: bob }, 'owner', 's-bob'),
  ];
  const snapshot = makeSnapshot({
    users: [ann, bob],
    teams: [support],
    collections: [social],
    accounts: [direct, viaTeam, inCollection, bobsOnly],
    shares,
  });

  it("removes only the user's direct shares", () => {
    expect(
      planDeprovision(snapshot, 'ann')
        .sharesToRemove.map((s) => s.id)
        .sort(),
    ).toEqual(['s-collection', 's-direct']);
  });

  it('takes the user out of every team and leaves other members', () => {
    expect(planDeprovision(snapshot, 'ann').teamsToUpdate).toEqual([{ ...support, memberIds: ['bob'] }]);
  });

  it('flags every account the user could use by any path, and no other', () => {
    const flagged = planDeprovision(snapshot, 'ann').accountsToFlag;
    expect(flagged.map((a) => a.id).sort()).toEqual(['direct', 'in-collection', 'via-team']);
    expect(flagged.every((a) => a.rotationRequired)).toBe(true);
  });

  it('does not rewrite an account already flagged', () => {
    const flaggedAlready = makeSnapshot({ ...snapshot, accounts: [{ ...direct, rotationRequired: true }] });
    expect(planDeprovision(flaggedAlready, 'ann').accountsToFlag).toEqual([]);
  });
});

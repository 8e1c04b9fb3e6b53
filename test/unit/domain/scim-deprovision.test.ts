import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCollection,
  makeShare,
  makeSnapshot,
  makeTeam,
  makeUser,
} from '../../../dev/stack/workspace-factory';
import { planDeprovision } from '../../../domain/scim-deprovision';

const AT = '2026-03-04T05:06:07.000Z';
const EARLIER = '2026-02-01T00:00:00.000Z';

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
      planDeprovision(snapshot, 'ann', AT)
        .sharesToRemove.map((s) => s.id)
        .sort(),
    ).toEqual(['s-collection', 's-direct']);
  });

  it('takes the user out of every team and leaves other members', () => {
    expect(planDeprovision(snapshot, 'ann', AT).teamsToUpdate).toEqual([{ ...support, memberIds: ['bob'] }]);
  });

  it('flags every account the user could use by any path, and no other', () => {
    const flagged = planDeprovision(snapshot, 'ann', AT).accountsToFlag;
    expect(flagged.map((a) => a.id).sort()).toEqual(['direct', 'in-collection', 'via-team']);
    expect(flagged.every((a) => a.rotationRequired)).toBe(true);
  });

  it('records when rotation became required and who left', () => {
    const flagged = planDeprovision(snapshot, 'ann', AT).accountsToFlag;
    for (const account of flagged) {
      expect(account.rotationRequiredAt).toBe(AT);
      expect(account.rotationDepartedUserIds).toEqual(['ann']);
    }
  });

  it('adds a second departure to an account already waiting, keeping the first time', () => {
    const waiting = {
      ...direct,
      rotationRequired: true,
      rotationRequiredAt: EARLIER,
      rotationDepartedUserIds: ['carl'],
    };
    const [flagged] = planDeprovision(makeSnapshot({ ...snapshot, accounts: [waiting] }), 'ann', AT).accountsToFlag;
    expect(flagged?.rotationRequiredAt).toBe(EARLIER);
    expect(flagged?.rotationDepartedUserIds).toEqual(['carl', 'ann']);
  });

  it('does not rewrite an account already flagged for the same user', () => {
    const flaggedAlready = makeSnapshot({
      ...snapshot,
      accounts: [{ ...direct, rotationRequired: true, rotationRequiredAt: EARLIER, rotationDepartedUserIds: ['ann'] }],
    });
    expect(planDeprovision(flaggedAlready, 'ann', AT).accountsToFlag).toEqual([]);
  });
});

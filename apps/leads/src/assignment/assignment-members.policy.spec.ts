import { memberReferences } from './assignment-members.policy';

const ANNA = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
const BORIS = '01936f0e-8a4b-7c3d-9e2f-0000000000b2';

describe('assignment members policy', () => {
  it.each([
    ['no member', [], []],
    [
      'an active member, who must be an active user',
      [{ userId: ANNA, weight: 1, active: true }],
      [{ field: 'members.0.userId', userId: ANNA, mayBeDeactivated: false }],
    ],
    [
      'a member marked inactive, who must be a user but may be deactivated',
      [
        { userId: ANNA, weight: 1, active: true },
        { userId: BORIS, weight: 2, active: false },
      ],
      [
        { field: 'members.0.userId', userId: ANNA, mayBeDeactivated: false },
        { field: 'members.1.userId', userId: BORIS, mayBeDeactivated: true },
      ],
    ],
  ])('should check %s', (_case, members, expected) => {
    expect(memberReferences(members)).toEqual(expected);
  });
});

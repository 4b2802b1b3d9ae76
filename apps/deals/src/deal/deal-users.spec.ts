import { dealUserReferences } from './deal-users';

const A = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
const B = '01936f0e-8a4b-7c3d-9e2f-0000000000b1';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-0000000000c1';

describe('dealUserReferences', () => {
  it.each([
    ['nothing', {}, []],
    ['an owner', { ownerId: A }, [{ field: 'ownerId', userId: A }]],
    ['a null owner', { ownerId: null }, []],
    [
      'a team of a user, a partner and an outside company',
      { team: [{ userId: B, role: 'engineer' }, { partnerId: PARTNER, role: 'installer' }, { externalCompany: 'Acme', role: 'consultant' }] },
      [{ field: 'team.0.userId', userId: B }],
    ],
    [
      'an owner and a team member',
      { ownerId: A, team: [{ partnerId: PARTNER, role: 'installer' }, { userId: B, role: 'engineer' }] },
      [
        { field: 'ownerId', userId: A },
        { field: 'team.1.userId', userId: B },
      ],
    ],
  ])('should name the users of %s', (_what, input, expected) => {
    expect(dealUserReferences(input)).toEqual(expected);
  });
});

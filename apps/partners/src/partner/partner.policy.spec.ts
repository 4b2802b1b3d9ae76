import type { UpdatePartnerInputV1 } from '@saleswire/contracts';
import { effectiveRoutingWeight, partnerChanges, statusChangeRefusal, type PartnerFields } from './partner.policy';

const partner: PartnerFields = {
  name: 'Baltic Systems',
  kind: 'reseller',
  tier: 'silver',
  territories: ['DE', 'AT'],
  commissionRate: 0.1,
  routingWeight: null,
  allowedOrigins: ['https://portal.baltic.example'],
};

describe('partner policy', () => {
  it.each([
    ['gold', null, 3],
    ['silver', null, 2],
    ['bronze', null, 1],
    ['bronze', 7, 7],
    ['gold', 0, 0],
  ] as const)('should give a %s partner with its own weight %p the routing weight %p', (tier, own, expected) => {
    expect(effectiveRoutingWeight(tier, own)).toBe(expected);
  });

  it.each([
    ['active', 'suspended', null],
    ['suspended', 'active', null],
    ['suspended', 'suspended', 'The partner is suspended already.'],
    ['active', 'active', 'The partner is active already.'],
  ] as const)('should answer a move from %s to %s with %p', (from, to, refusal) => {
    expect(statusChangeRefusal(from, to)).toBe(refusal);
  });

  it.each<[string, UpdatePartnerInputV1, string[]]>([
    ['nothing when the values are the same', { name: ' Baltic Systems ', tier: 'silver', territories: ['at', 'de'] }, []],
    ['the name when it is new', { name: 'Baltic' }, ['name']],
    ['the territories when the set differs', { territories: ['DE'] }, ['territories']],
    ['the rate', { commissionRate: 0.12 }, ['commissionRate']],
    ['the weight when one is set', { routingWeight: 5 }, ['routingWeight']],
    ['nothing when the weight is handed back to a tier that already decides', { routingWeight: null }, []],
    ['the tier and the kind', { tier: 'gold', kind: 'dealer' }, ['kind', 'tier']],
    ['nothing when the same origins are given again, twice over', { allowedOrigins: ['https://portal.baltic.example', 'https://portal.baltic.example'] }, []],
    ['the origins when one is added', { allowedOrigins: ['https://portal.baltic.example', 'http://localhost:5173'] }, ['allowedOrigins']],
    ['the origins when all are taken away', { allowedOrigins: [] }, ['allowedOrigins']],
  ])('should change %s', (_case, input, changed) => {
    expect(partnerChanges(partner, input).changed).toEqual(changed);
  });

  it('should store territories upper case and hand the weight back to the tier with null', () => {
    const { next } = partnerChanges({ ...partner, routingWeight: 4 }, { territories: ['ru-mow', 'RU-MOW'], routingWeight: null });
    expect(next.territories).toEqual(['RU-MOW']);
    expect(next.routingWeight).toBeNull();
  });

  it('should keep each origin once, in the order given, when the origins change', () => {
    const { next } = partnerChanges(partner, { allowedOrigins: ['http://localhost:5173', 'https://b.example', 'http://localhost:5173'] });
    expect(next.allowedOrigins).toEqual(['http://localhost:5173', 'https://b.example']);
    expect(partner.allowedOrigins).toEqual(['https://portal.baltic.example']);
  });
});

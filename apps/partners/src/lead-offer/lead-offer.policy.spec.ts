import type { PartnerEntity } from '../partner/partner.entity';
import { answerRefusal, candidates, type Candidate, offerEnd, pickWeighted, routableRegion, type RoutingSettings } from './lead-offer.policy';

type P = Pick<PartnerEntity, 'id' | 'status' | 'tier' | 'routingWeight' | 'territories'>;
const partner = (id: string, patch: Partial<P> = {}): P => ({ id, status: 'active', tier: 'silver', routingWeight: null, territories: ['DE'], ...patch });
const ON: RoutingSettings = { enabled: true, sources: ['website', 'exhibition'], offerHours: 48 };
const LEAD = { source: 'website' as const, region: 'DE-BY', partnerId: null, assigneeId: 'u1', assigneeExplicit: false };

describe('lead offers: routableRegion', () => {
  it.each([
    ['a website lead in DE-BY assigned by the rule', ON, LEAD, 'DE-BY'],
    ['routing off', { ...ON, enabled: false }, LEAD, null],
    ['a source routing does not name', ON, { ...LEAD, source: 'cold_call' as const }, null],
    ['a lead without a region', ON, { ...LEAD, region: null }, null],
    ['a lead that has a partner', ON, { ...LEAD, partnerId: 'p1' }, null],
    ['an assignee its creator named', ON, { ...LEAD, assigneeExplicit: true }, null],
    ['an older event with an assignee (counts as named)', ON, { ...LEAD, assigneeExplicit: undefined }, null],
    ['an older event without an assignee', ON, { ...LEAD, assigneeExplicit: undefined, assigneeId: null }, 'DE-BY'],
  ])('should answer %s with %s', (_name, settings, lead, expected) => {
    expect(routableRegion(settings, lead)).toBe(expected);
  });
});

describe('lead offers: candidates', () => {
  it.each([
    ['a country partner covers its subdivision', [partner('a', { territories: ['DE'] })], 'DE-BY', ['a']],
    ['a subdivision partner covers its own code', [partner('a', { territories: ['DE-BY'] })], 'DE-BY', ['a']],
    ['a subdivision partner does not cover another', [partner('a', { territories: ['DE-BE'] })], 'DE-BY', []],
    ['a subdivision partner does not cover its whole country', [partner('a', { territories: ['DE-BY'] })], 'DE', []],
    ['another country', [partner('a', { territories: ['AT'] })], 'DE-BY', []],
    ['a suspended partner', [partner('a', { status: 'suspended' })], 'DE-BY', []],
    ['weight 0 is never offered leads', [partner('a', { routingWeight: 0 })], 'DE-BY', []],
    ['a partner asked before (declined or lapsed)', [partner('a'), partner('b')], 'DE-BY', ['b']],
  ])('should keep the right partners when %s', (_name, partners, region, expected) => {
    const asked = new Set(_name.includes('asked before') ? ['a'] : []);
    expect(candidates(partners, region, asked).map((c) => c.partnerId)).toEqual(expected);
  });

  it.each([
    ['gold', null, 3],
    ['silver', null, 2],
    ['bronze', null, 1],
    ['bronze', 7, 7],
  ] as const)('should weigh a %s partner with own weight %s as %s', (tier, routingWeight, weight) => {
    expect(candidates([partner('a', { tier, routingWeight })], 'DE', new Set())).toEqual([{ partnerId: 'a', weight }]);
  });
});

describe('lead offers: pickWeighted', () => {
  const three: Candidate[] = [
    { partnerId: 'gold', weight: 3 },
    { partnerId: 'silver', weight: 2 },
    { partnerId: 'bronze', weight: 1 },
  ];

  it.each([
    [0, 'gold'],
    [0.49, 'gold'],
    [0.5, 'silver'],
    [0.83, 'silver'],
    [0.84, 'bronze'],
    [0.999, 'bronze'],
  ])('should pick by weight: %s falls on %s', (random, expected) => {
    expect(pickWeighted(three, random)?.partnerId).toBe(expected);
  });

  it('should pick in proportion to the weights over many draws', () => {
    const counts: Record<string, number> = { gold: 0, silver: 0, bronze: 0 };
    for (let i = 0; i < 6000; i++) counts[pickWeighted(three, (i + 0.5) / 6000)!.partnerId]++;
    expect(counts).toEqual({ gold: 3000, silver: 2000, bronze: 1000 });
  });

  it('should pick nobody when there is no candidate', () => {
    expect(pickWeighted([], 0.3)).toBeNull();
  });
});

describe('lead offers: answers and time', () => {
  const now = new Date('2026-03-02T10:00:00Z');

  it('should end an offer after its hours', () => {
    expect(offerEnd(now, 48).toISOString()).toBe('2026-03-04T10:00:00.000Z');
  });

  it.each([
    ['an open offer in time', { status: 'offered', expiresAt: new Date('2026-03-02T11:00:00Z') }, null],
    ['an offer past its end, not swept yet', { status: 'offered', expiresAt: new Date('2026-03-02T09:00:00Z') }, 'The offer has lapsed.'],
    ['an accepted offer', { status: 'accepted', expiresAt: new Date('2026-03-02T11:00:00Z') }, 'The offer is accepted already.'],
    ['a declined offer', { status: 'declined', expiresAt: new Date('2026-03-02T11:00:00Z') }, 'The offer is declined already.'],
  ])('should answer %s with %s', (_name, offer, expected) => {
    expect(answerRefusal(offer, now)).toBe(expected);
  });
});

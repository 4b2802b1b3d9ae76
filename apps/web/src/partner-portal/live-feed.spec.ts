import { totalsByStatus } from './commission-totals';
import { describeEvent, feedItemOf, sectionsChangedBy } from './live-feed';

describe('the live feed keeps the portal current', () => {
  it.each([
    ['partners.lead-offer.made', ['offers']],
    ['partners.lead-offer.lapsed', ['offers']],
    ['partners.deal-registration.approved', ['registrations', 'deals']],
    ['partners.channel-conflict.detected', ['registrations']],
    ['partners.commission.paid', ['commissions', 'deals']],
    ['partners.partner.suspended', ['registrations', 'offers', 'deals', 'commissions']],
    ['partners.partner-deal.changed', ['deals']],
    ['partners.partner-lead.changed', []],
    ['partners.deal-registration.expiring', ['registrations', 'deals']],
    ['something.else', []],
  ])('should refresh for %s: %j', (type, sections) => {
    expect(sectionsChangedBy(type)).toEqual(sections);
  });

  it('should say an event in words, with its time when the data gives one', () => {
    expect(describeEvent('partners.lead-offer.made')).toBe('Lead offer made');
    expect(feedItemOf({ id: '7', event: 'partners.deal-registration.approved', data: '{"occurredAt":"2026-03-01T10:00:00Z"}' })).toEqual({
      id: '7',
      type: 'partners.deal-registration.approved',
      occurredAt: '2026-03-01T10:00:00Z',
      text: 'Deal registration approved',
    });
    expect(feedItemOf({ id: undefined, event: 'message', data: 'not json' }).occurredAt).toBeNull();
  });
});

describe('commission totals', () => {
  it('should give every status in order, sums per currency never added across currencies', () => {
    expect(
      totalsByStatus([
        { status: 'paid', currency: 'USD', amount: 50, count: 1 },
        { status: 'accrued', currency: 'USD', amount: 10, count: 1 },
        { status: 'accrued', currency: 'EUR', amount: 120.5, count: 2 },
      ]),
    ).toEqual([
      { status: 'accrued', sums: [{ currency: 'EUR', value: 120.5 }, { currency: 'USD', value: 10 }], count: 3 },
      { status: 'approved', sums: [], count: 0 },
      { status: 'paid', sums: [{ currency: 'USD', value: 50 }], count: 1 },
    ]);
  });
});

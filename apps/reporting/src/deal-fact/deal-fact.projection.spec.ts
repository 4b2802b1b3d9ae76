import { dealCreatedV1Fixture, dealLostV1Fixture, dealStageChangedV1Fixture, dealUpdatedV1Fixture, dealWonV1Fixture, type DealFactsV1, type EventEnvelope } from '@saleswire/contracts';
import { foldByDeal } from './deal-fact.projection';

const items: Array<{ event: EventEnvelope<DealFactsV1>; extras: Parameters<typeof foldByDeal>[0][number]['extras'] }> = [
  { event: dealCreatedV1Fixture, extras: { at: '2026-03-04T12:00:01.000Z', createdAt: '2026-03-04T12:00:01.000Z', leadId: dealCreatedV1Fixture.payload.leadId, expectedCloseDate: '2026-05-31' } },
  { event: dealStageChangedV1Fixture, extras: { at: '2026-03-10T09:30:00.000Z' } },
  { event: dealUpdatedV1Fixture, extras: { at: '2026-03-12T08:00:00.000Z', expectedCloseDate: '2026-06-15' } },
  // Version 3 again: the tie goes to the higher event id whatever the order.
  { event: dealLostV1Fixture, extras: { at: '2026-03-20T11:00:00.000Z', lostAt: '2026-03-20T11:00:00.000Z' } },
  { event: dealWonV1Fixture, extras: { at: '2026-04-01T00:00:00.000Z', wonAt: '2026-04-01T00:00:00.000Z' } },
];

describe('foldByDeal', () => {
  const inOrder = foldByDeal(items);

  it.each([
    ['reversed', [...items].reverse()],
    ['the creation last', [...items.slice(1), items[0]]],
    ['with duplicates', [...items, items[2], items[0]]],
  ])('should fold a deal the same way when the events come %s', (_order, shuffled) => {
    expect(foldByDeal(shuffled)).toEqual(inOrder);
  });

  it('should keep the newest facts, the write-once dates and the first moment seen', () => {
    const row = inOrder.get(dealCreatedV1Fixture.payload.dealId)!;
    expect(row).toMatchObject({
      version: 5,
      expectedCloseDate: '2026-06-15',
      expectedCloseVersion: 3,
      createdAt: '2026-03-04T12:00:01.000Z',
      firstSeenAt: '2026-03-04T12:00:01.000Z',
      wonAt: '2026-04-01T00:00:00.000Z',
      lostAt: '2026-03-20T11:00:00.000Z',
    });
    expect(row.facts.stage).toBe('won');
  });
});

import {
  dealCreatedV1Fixture,
  dealLostV1Fixture,
  dealStageChangedV1Fixture,
  dealUpdatedV1Fixture,
  dealWonV1Fixture,
  leadConvertedV1Fixture,
  leadCreatedV1Fixture,
  leadStatusChangedV1Fixture,
  leadUpdatedV1Fixture,
  PartnerDealChangedV1,
  PartnerLeadChangedV1,
  paymentRecordedV1Fixture,
  validatePlain,
} from '@saleswire/contracts';
import { dealNotice, leadNotice, leadPartnerOf, type DealSource, type LeadSource } from './partner-activity.policy';

const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const indirect = { channel: 'indirect' as const, partnerId: PARTNER };

const LEADS: ReadonlyArray<[LeadSource['change'], LeadSource, Partial<PartnerLeadChangedV1>]> = [
  ['created', { change: 'created', event: leadCreatedV1Fixture }, { status: 'new', assigneeId: leadCreatedV1Fixture.payload.assigneeId }],
  ['updated', { change: 'updated', event: leadUpdatedV1Fixture }, { changed: leadUpdatedV1Fixture.payload.changed, status: null }],
  ['status-changed', { change: 'status-changed', event: leadStatusChangedV1Fixture }, { status: 'junk', reason: 'Student project, no budget' }],
  ['converted', { change: 'converted', event: leadConvertedV1Fixture }, { status: 'converted', dealId: leadConvertedV1Fixture.payload.dealId }],
];

const DEALS: ReadonlyArray<[DealSource['change'], DealSource, Partial<PartnerDealChangedV1>]> = [
  ['created', { change: 'created', event: { ...dealCreatedV1Fixture, payload: { ...dealCreatedV1Fixture.payload, ...indirect } } }, { stage: 'new' }],
  ['updated', { change: 'updated', event: { ...dealUpdatedV1Fixture, payload: { ...dealUpdatedV1Fixture.payload, ...indirect } } }, { amount: 140000 }],
  [
    'stage-changed',
    { change: 'stage-changed', event: { ...dealStageChangedV1Fixture, payload: { ...dealStageChangedV1Fixture.payload, ...indirect } } },
    { stage: 'proposal', fromStage: 'new' },
  ],
  [
    'payment-recorded',
    { change: 'payment-recorded', event: { ...paymentRecordedV1Fixture, payload: { ...paymentRecordedV1Fixture.payload, ...indirect } } },
    { paidAmount: 125000.5 },
  ],
  ['won', { change: 'won', event: { ...dealWonV1Fixture, payload: { ...dealWonV1Fixture.payload, ...indirect } } }, { stage: 'won', paidAmount: 125000.5 }],
  [
    'lost',
    { change: 'lost', event: { ...dealLostV1Fixture, payload: { ...dealLostV1Fixture.payload, ...indirect } } },
    { stage: 'lost', fromStage: 'proposal', reason: 'Chose a competitor' },
  ],
];

describe('partner activity policy', () => {
  it.each(LEADS)('should tell the partner of its lead %s, as a valid notice of the lead at its version', (change, source, expected) => {
    const notice = leadNotice(source, PARTNER);
    expect(notice).toMatchObject({ partnerId: PARTNER, change, leadId: source.event.payload.leadId, leadVersion: source.event.aggregateVersion, sourceEventId: source.event.eventId, ...expected });
    expect(validatePlain(PartnerLeadChangedV1, notice)).toMatchObject({ ok: true });
  });

  it.each(LEADS)('should tell nobody of a direct lead %s', (_change, source) => {
    expect(leadNotice(source, null)).toBeNull();
  });

  it.each<[string, LeadSource, string | null | undefined]>([
    ['a created lead’s partner', { change: 'created', event: { ...leadCreatedV1Fixture, payload: { ...leadCreatedV1Fixture.payload, partnerId: PARTNER } } }, PARTNER],
    ['a direct created lead', { change: 'created', event: leadCreatedV1Fixture }, null],
    ['an update that names the partner', { change: 'updated', event: { ...leadUpdatedV1Fixture, payload: { ...leadUpdatedV1Fixture.payload, partnerId: PARTNER } } }, PARTNER],
    ['an older update without the partner: ask the index', { change: 'updated', event: { ...leadUpdatedV1Fixture, payload: { ...leadUpdatedV1Fixture.payload, partnerId: undefined } } }, undefined],
    ['an older status change without the partner: ask the index', { change: 'status-changed', event: leadStatusChangedV1Fixture }, undefined],
    ['a status change naming the partner', { change: 'status-changed', event: { ...leadStatusChangedV1Fixture, payload: { ...leadStatusChangedV1Fixture.payload, partnerId: PARTNER } } }, PARTNER],
  ])('should read %s from the event', (_case, source, expected) => {
    expect(leadPartnerOf(source)).toBe(expected);
  });

  it.each(DEALS)('should tell the partner of its deal %s, as a valid notice of the deal at its version', (change, source, expected) => {
    const notice = dealNotice(source);
    expect(notice).toMatchObject({ partnerId: PARTNER, change, dealId: source.event.payload.dealId, dealVersion: source.event.aggregateVersion, sourceEventId: source.event.eventId, ...expected });
    expect(validatePlain(PartnerDealChangedV1, notice)).toMatchObject({ ok: true });
  });

  it.each(DEALS)('should tell nobody of a direct deal %s', (_change, source) => {
    expect(dealNotice({ ...source, event: { ...source.event, payload: { ...source.event.payload, channel: 'direct', partnerId: null } } } as DealSource)).toBeNull();
  });
});

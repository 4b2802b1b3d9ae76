import type { DealFacts } from './channel-index.store';
import { mergeDealFacts } from './channel-index.service';

const DEAL = '01936f0e-8a4b-7c3d-9e2f-00000000d001';
const OTHER = '01936f0e-8a4b-7c3d-9e2f-00000000d002';
const REGISTRATION = '01936f0e-8a4b-7c3d-9e2f-00000000e001';

const facts = (version: number, patch: Partial<DealFacts> = {}): DealFacts => ({
  dealId: DEAL,
  version,
  customerId: `customer-${version}`,
  partnerId: null,
  channel: 'direct',
  closed: false,
  registrationId: null,
  ...patch,
});

/**
 * A batch of one deal subject may hold several events of one deal (redeliveries, quick edits); one upsert may not
 * touch a row twice, so they are merged first, to what applying them one after the other would leave.
 */
describe('mergeDealFacts', () => {
  it.each<[string, DealFacts[], DealFacts[]]>([
    ['one event as it is', [facts(1)], [facts(1)]],
    ['the highest version’s facts, in any order', [facts(3, { channel: 'indirect' }), facts(2)], [facts(3, { channel: 'indirect' })]],
    ['the first of equal versions (a redelivery)', [facts(2, { partnerId: 'p1' }), facts(2, { partnerId: 'p2' })], [facts(2, { partnerId: 'p1' })]],
    ['closed once any event closed it, even an older one', [facts(2, { closed: true }), facts(3)], [facts(3, { closed: true })]],
    ['the first registration named, whatever the versions', [facts(1, { registrationId: REGISTRATION }), facts(2, { registrationId: 'later' })], [facts(2, { registrationId: REGISTRATION })]],
    ['a registration named by a later event when the first named none', [facts(3), facts(1, { registrationId: REGISTRATION })], [facts(3, { registrationId: REGISTRATION })]],
    ['ids in any case as one deal', [facts(1), facts(2, { dealId: DEAL.toUpperCase() })], [facts(2, { dealId: DEAL.toUpperCase() })]],
    ['each deal apart, in the order first met', [facts(1, { dealId: OTHER }), facts(1), facts(2, { dealId: OTHER })], [facts(2, { dealId: OTHER }), facts(1)]],
  ])('should keep %s', (_what, given, merged) => {
    expect(mergeDealFacts(given)).toEqual(merged);
  });
});

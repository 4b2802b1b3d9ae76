import { cleanupSuite, PlatformUnderTest } from '@saleswire/testing';
import { createSaleswireClient, type SaleswireClient, type StreamEvent } from '../src';

const ADMIN = { email: 'admin@sdk-feed.test', password: 'admin-password-sdk-feed' };
const PASSWORD = 'password-sdk-feed';

/** The record an event of the feed is about. */
const aggregateOf = (event: StreamEvent): string => (JSON.parse(event.data) as { aggregateId: string }).aggregateId;

/**
 * Follows a partner's feed with the SDK until `enough` says so (or 30 s pass), then stops following: what a portal
 * does between two runs of its job.
 */
async function follow(client: SaleswireClient, partnerId: string, lastEventId: string, enough: (events: StreamEvent[]) => boolean): Promise<StreamEvent[]> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 30_000);
  const events: StreamEvent[] = [];
  try {
    for await (const event of client.feed(partnerId, { lastEventId, signal: stop.signal })) {
      events.push(event);
      if (enough(events)) break;
    }
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  return events;
}

const hasAll = (ids: string[]) => (events: StreamEvent[]) => ids.every((id) => events.some((event) => aggregateOf(event) === id));

/** Issue 17: the SDK's feed iterator against the gateway's real feed, resumed where a previous run stopped. */
describe('sdk: the partner feed against the booted platform', () => {
  const platform = new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'sdk-feed-secret-sdk-feed-secret-0123456789',
  });
  let partner: SaleswireClient;
  let partnerId: string;

  const register = async (name: string): Promise<string> => {
    const { data } = await partner.api.POST('/api/v1/partners/{id}/deal-registrations', {
      params: { path: { id: partnerId } },
      body: { customer: { name }, title: `Scanners for ${name}`, expectedAmount: 1000, currency: 'EUR', expectedCloseDate: '2027-06-30' },
    });
    return (data as unknown as { id: string }).id;
  };

  beforeAll(async () => {
    await platform.start('partners');
    await platform.start('gateway', { PARTNER_FEED_HEARTBEAT_MS: '200' });
    const baseUrl = platform.url('gateway');
    const admin = createSaleswireClient({ baseUrl, credentials: ADMIN });
    const { data } = await admin.api.POST('/api/v1/partners', {
      body: { name: 'SDK Feed Dealer', kind: 'dealer', tier: 'gold', territories: ['DE'], commissionRate: 0.1 },
    });
    partnerId = (data as unknown as { id: string }).id;
    const email = 'dealer@sdk-feed.test';
    await admin.api.POST('/api/v1/users', { body: { email, name: 'Dealer', role: 'partner_user', password: PASSWORD, partnerId } });
    partner = createSaleswireClient({ baseUrl, credentials: { email, password: PASSWORD } });
  }, 60_000);

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should resume from the last event a run saw, with no gap and no repeat, as one uninterrupted read sees them', async () => {
    const [first, second] = [await register('Alpha Retail'), await register('Beta Retail')];
    const firstRun = await follow(partner, partnerId, '0', hasAll([first, second]));
    const last = firstRun[firstRun.length - 1].id!;

    const [third, fourth] = [await register('Gamma Retail'), await register('Delta Retail')];
    const secondRun = await follow(partner, partnerId, last, hasAll([third, fourth]));
    expect(secondRun.map(aggregateOf)).not.toContain(first);
    expect(secondRun.map(aggregateOf)).not.toContain(second);
    expect(Number(secondRun[0].id)).toBeGreaterThan(Number(last));

    const uninterrupted = await follow(partner, partnerId, '0', hasAll([first, second, third, fourth]));
    expect([...firstRun, ...secondRun].map((event) => event.id)).toEqual(uninterrupted.map((event) => event.id));
    const ids = uninterrupted.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

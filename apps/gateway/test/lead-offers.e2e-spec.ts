import { BOOT_HOOK_MS, cleanupSuite, eventually } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const PASSWORD = 'password-e2e-offers';

interface Offer {
  id: string;
  leadId: string;
  partnerId: string;
  status: string;
  reason: string | null;
}

/** Issue 10, lead offers, through the booted platform: offered, declined by one partner, accepted by the next. */
describe('gateway: a new lead offered to partners, declined by one, accepted by the next (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let admin: string;
  const users: Record<string, string> = {};

  const as = (token: string) => ({
    get: (path: string) => request(gateway).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(gateway).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => request(gateway).put(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body),
  });
  const offersOf = async (leadId: string): Promise<Offer[]> => (await as(admin).get(`/lead-offers?leadId=${leadId}`).expect(200)).body.items;

  async function partnerWithUser(name: string): Promise<string> {
    const partner = await createPartner(gateway, admin, { name, territories: ['DK'], tier: 'gold' });
    const email = `${name.toLowerCase().replace(/\W/g, '')}@offers.e2e.test`;
    await as(admin).post('/users', { email, name, role: 'partner_user', password: PASSWORD, partnerId: partner }).expect(201);
    users[partner] = await tokenFor(gateway, { email, password: PASSWORD });
    return partner;
  }

  beforeAll(async () => {
    await Promise.all([platform.start('leads'), platform.start('partners')]);
    await platform.start('gateway');
    gateway = platform.url('gateway');
    admin = await tokenFor(gateway, ADMIN);
  }, BOOT_HOOK_MS);

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should read and set partner routing for the channel side and heads of sales only', async () => {
    const routing = await as(admin).put('/partner-routing', { enabled: true, sources: ['website', 'exhibition'], offerHours: 24 }).expect(200);
    expect(routing.body).toMatchObject({ enabled: true, sources: ['website', 'exhibition'], offerHours: 24, version: 1 });
    expect((await as(admin).get('/partner-routing').expect(200)).body).toEqual(routing.body);
    const bad = await as(admin).put('/partner-routing', { enabled: true, sources: ['telepathy'], offerHours: 0 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['offerHours', 'sources']);
  });

  it('should offer a lead, offer it to the next partner when the first declines, and give it to the one that accepts', async () => {
    const [first, second] = [await partnerWithUser('Offers Nord'), await partnerWithUser('Offers Syd')];
    await as(admin).put('/partner-routing', { enabled: true, sources: ['website'], offerHours: 48 }).expect(200);
    const lead = (await as(admin).post('/leads', { contact: { name: 'Offered Lead' }, source: 'website', direction: 'inbound', region: 'dk-84' }).expect(201)).body;
    expect(lead.region).toBe('DK-84');

    const [offer] = await eventually(() => offersOf(lead.id), (offers) => offers.length === 1);
    expect(offer).toMatchObject({ status: 'offered', region: 'DK-84' });
    const decliner = offer.partnerId;
    const accepter = decliner === first ? second : first;
    // The other partner does not see an offer that is not its own, nor the lead.
    expect((await as(users[accepter]).get('/lead-offers').expect(200)).body.items).toEqual([]);
    await as(users[accepter]).post(`/lead-offers/${offer.id}/accept`, {}).expect(404);

    const declined = await as(users[decliner]).post(`/lead-offers/${offer.id}/decline`, { reason: 'No capacity this month' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', reason: 'No capacity this month' });
    const offers = await eventually(() => offersOf(lead.id), (found) => found.length === 2);
    const next = offers.find((o) => o.status === 'offered')!;
    expect(next.partnerId).toBe(accepter);

    const accepted = await as(users[accepter]).post(`/lead-offers/${next.id}/accept`, {}).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', partnerId: accepter });
    await as(users[accepter]).post(`/lead-offers/${next.id}/accept`, {}).expect(422);

    // The leads service applied the acceptance: the lead is the accepting partner's, seen by it and by no other.
    const seen = await eventually(() => as(users[accepter]).get(`/leads/${lead.id}`), (r) => r.status === 200, { timeoutMs: 15_000, intervalMs: 100 });
    expect(seen.body).toMatchObject({ id: lead.id, partnerId: accepter, region: 'DK-84' });
    await as(users[decliner]).get(`/leads/${lead.id}`).expect(404);
    const listed = (await as(users[accepter]).get('/leads?region=DK').expect(200)).body.items.map((l: { id: string }) => l.id);
    expect(listed).toContain(lead.id);
    expect((await as(users[decliner]).get('/leads?region=DK').expect(200)).body.items).toEqual([]);
    const declinerOffers = (await as(users[decliner]).get('/lead-offers').expect(200)).body.items as Offer[];
    expect(declinerOffers.map((o) => [o.id, o.status])).toEqual([[offer.id, 'declined']]);
  });
});

import { cleanupSuite, eventually } from '@saleswire/testing';
import http from 'node:http';
import request from 'supertest';
import { ADMIN, createPartner, e2ePlatform, tokenFor } from './support';

const PASSWORD = 'password-e2e-feed';
const REGISTRATION = { title: 'Feed probe', expectedAmount: 100, currency: 'EUR', expectedCloseDate: '2026-12-31' };
const LEAD = { contact: { name: 'Feed Buyer', email: 'buyer@feed-lead.example' }, source: 'exhibition', direction: 'inbound' };

interface SseEvent {
  id: number;
  event: string;
  data: { type: string; aggregateId: string; payload: { partnerId: string; change?: string } };
}

/** A server-sent events client that keeps what it received: events, heartbeats, and the HTTP status. */
class FeedReader {
  readonly events: SseEvent[] = [];
  heartbeats = 0;
  status = 0;
  contentType = '';
  private buffer = '';
  private req?: http.ClientRequest;

  open(url: string, token: string, lastEventId?: string): Promise<this> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      this.req = http.get(url, { headers }, (res) => {
        this.status = res.statusCode ?? 0;
        this.contentType = String(res.headers['content-type']);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => this.read(chunk));
        resolve(this);
      });
      this.req.on('error', (error) => (this.status ? undefined : reject(error)));
    });
  }

  close(): void {
    this.req?.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (frame.startsWith(': heartbeat')) this.heartbeats++;
      const fields = Object.fromEntries(frame.split('\n').filter((l) => !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
      if (fields.id) this.events.push({ id: Number(fields.id), event: fields.event, data: JSON.parse(fields.data) });
    }
  }
}

/** Issue 10 item 6 through the booted platform: a partner's own events as they happen, resumable, never another's. */
describe('gateway: GET /partners/{id}/feed (booted platform)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let admin: string;
  const readers: FeedReader[] = [];
  const partners: Record<'mine' | 'theirs', { id: string; token: string }> = { mine: { id: '', token: '' }, theirs: { id: '', token: '' } };

  const reader = async (partnerId: string, token: string, lastEventId?: string): Promise<FeedReader> => {
    const r = await new FeedReader().open(`${gateway}/api/v1/partners/${partnerId}/feed`, token, lastEventId);
    readers.push(r);
    return r;
  };
  const register = async (side: 'mine' | 'theirs', name: string): Promise<string> =>
    (
      await request(gateway)
        .post(`/api/v1/partners/${partners[side].id}/deal-registrations`)
        .set('Authorization', `Bearer ${partners[side].token}`)
        .send({ ...REGISTRATION, customer: { name, taxId: `${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(-12) } })
        .expect(201)
    ).body.id;
  const asAdmin = (path: string, body: object) => request(gateway).post(`/api/v1${path}`).set('Authorization', `Bearer ${admin}`).send(body);
  const pause = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
  /** The deal an approval opened, once the deals service has it. */
  const openedDeal = (dealId: string) =>
    eventually(() => request(gateway).get(`/api/v1/deals/${dealId}`).set('Authorization', `Bearer ${admin}`), (r) => r.status === 200, { timeoutMs: 20_000, intervalMs: 200 });

  beforeAll(async () => {
    // The expiry check often, so that a protection ending within 7 days is announced during the test.
    await platform.start('partners', { REGISTRATION_EXPIRY_CHECK_MS: '300' });
    await platform.start('leads');
    await platform.start('deals');
    await platform.start('gateway', { PARTNER_FEED_HEARTBEAT_MS: '200' });
    gateway = platform.url('gateway');
    admin = await tokenFor(gateway, ADMIN);
    for (const side of ['mine', 'theirs'] as const) {
      const id = await createPartner(gateway, admin, { name: `Feed ${side}` });
      const email = `${side}@feed.e2e.test`;
      await request(gateway).post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email, name: side, role: 'partner_user', password: PASSWORD, partnerId: id }).expect(201);
      partners[side] = { id, token: await tokenFor(gateway, { email, password: PASSWORD }) };
    }
  }, 150_000);

  afterAll(async () => {
    for (const r of readers) r.close();
    await platform.stopAll();
    await cleanupSuite();
  });

  it("should stream the partner's own events as they happen, with heartbeats, and nothing of another partner", async () => {
    const feed = await reader(partners.mine.id, partners.mine.token);
    expect(feed.status).toBe(200);
    expect(feed.contentType).toMatch(/^text\/event-stream/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the feed starts at new events
    const ours = await register('mine', 'Feed Customer One');
    await register('theirs', 'Feed Customer Other');
    const { dealId } = (await asAdmin(`/deal-registrations/${ours}/approve`, {}).expect(200)).body;
    // The approval opens the partner's indirect deal: the deals service announces it, and the feed tells of it.
    await eventually(async () => feed.events.length, (n) => n >= 3, { timeoutMs: 20_000, intervalMs: 100 });
    await pause();
    expect(feed.events.map((e) => [e.event, e.data.aggregateId])).toEqual([
      ['partners.deal-registration.submitted', ours],
      ['partners.deal-registration.approved', ours],
      ['partners.partner-deal.changed', dealId],
    ]);
    expect(feed.events.every((e) => e.data.payload.partnerId === partners.mine.id)).toBe(true);
    expect(feed.events[1].id).toBeGreaterThan(feed.events[0].id);
    expect(feed.heartbeats).toBeGreaterThanOrEqual(1);
  });

  it('should resume from Last-Event-ID with what happened while away, without gaps or repeats', async () => {
    const first = await reader(partners.mine.id, partners.mine.token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const a = await register('mine', 'Feed Resume A');
    await eventually(async () => first.events.length, (n) => n === 1);
    const lastSeen = first.events[0].id;
    first.close();
    // While the client is away: two more of its events, and one of another partner.
    const b = await register('mine', 'Feed Resume B');
    await register('theirs', 'Feed Resume Other');
    await asAdmin(`/deal-registrations/${b}/reject`, { reason: 'Probe' }).expect(200);
    const resumed = await reader(partners.mine.id, partners.mine.token, String(lastSeen));
    await eventually(async () => resumed.events.length, (n) => n >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.events.map((e) => [e.event, e.data.aggregateId])).toEqual([
      ['partners.deal-registration.submitted', b],
      ['partners.deal-registration.rejected', b],
    ]);
    expect(resumed.events.some((e) => e.data.aggregateId === a)).toBe(false);
    // And from the start of what this partner saw: every event exactly once, in order.
    const replay = await reader(partners.mine.id, partners.mine.token, '0');
    await eventually(async () => replay.events.length, (n) => n >= 6);
    const ids = replay.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(replay.events.every((e) => e.data.payload.partnerId === partners.mine.id)).toBe(true);
  });

  it("should stream its lead's and deal's changes and its protection expiring, and none of them to another partner, nor direct sales", async () => {
    const mine = await reader(partners.mine.id, partners.mine.token);
    const theirs = await reader(partners.theirs.id, partners.theirs.token);
    await pause();
    // Its lead, worked by the company; and a direct lead worked the same way.
    const lead = (await asAdmin('/leads', { ...LEAD, partnerId: partners.mine.id }).expect(201)).body.id as string;
    await asAdmin(`/leads/${lead}/status`, { status: 'in_progress' }).expect(200);
    const directLead = (await asAdmin('/leads', { ...LEAD, contact: { name: 'Direct Buyer', email: 'buyer@feed-direct.example' } }).expect(201)).body.id as string;
    await asAdmin(`/leads/${directLead}/status`, { status: 'in_progress' }).expect(200);
    // Its deal, opened by a registration approved for 5 days (so its protection ends within 7), moved a stage on.
    const registration = await register('mine', 'Feed Deal Customer');
    const { dealId } = (await asAdmin(`/deal-registrations/${registration}/approve`, { protectionDays: 5 }).expect(200)).body;
    await openedDeal(dealId);
    await asAdmin(`/deals/${dealId}/stage`, { stage: 'qualification' }).expect(200);
    // A direct deal, moved the same way.
    const customer = (await asAdmin('/customers', { kind: 'company', name: 'Feed Direct Company', taxId: '990011223344' }).expect(201)).body.id as string;
    const directDeal = (await asAdmin('/deals', { title: 'Direct', customerId: customer, amount: 100, currency: 'EUR', type: 'consultative', channel: 'direct' }).expect(201))
      .body.id as string;
    await asAdmin(`/deals/${directDeal}/stage`, { stage: 'qualification' }).expect(200);

    const told = (e: SseEvent) => [e.event, e.data.aggregateId, e.data.payload.change ?? null];
    await eventually(
      async () => mine.events.map(told),
      (seen) =>
        [
          ['partners.partner-lead.changed', lead, 'status-changed'],
          ['partners.partner-deal.changed', dealId, 'stage-changed'],
          ['partners.deal-registration.expiring', registration, null],
        ].every((wanted) => seen.some((e) => JSON.stringify(e) === JSON.stringify(wanted))),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    await pause();
    // Each told once (a lead's and a deal's events are pulled from two streams, so only their sets are compared).
    expect(mine.events.filter((e) => [lead, dealId].includes(e.data.aggregateId)).map(told).sort()).toEqual([
      ['partners.partner-deal.changed', dealId, 'created'],
      ['partners.partner-deal.changed', dealId, 'stage-changed'],
      ['partners.partner-lead.changed', lead, 'created'],
      ['partners.partner-lead.changed', lead, 'status-changed'],
    ]);
    expect(mine.events.filter((e) => e.event === 'partners.deal-registration.expiring').map((e) => e.data.aggregateId)).toEqual([registration]);
    expect(mine.events.every((e) => e.data.payload.partnerId === partners.mine.id)).toBe(true);
    const direct = [directLead, directDeal, customer];
    expect(mine.events.filter((e) => direct.includes(e.data.aggregateId))).toEqual([]);
    // The other partner heard nothing of any of it.
    expect(theirs.events.filter((e) => [lead, dealId, registration, ...direct].includes(e.data.aggregateId))).toEqual([]);
    expect(theirs.events.every((e) => e.data.payload.partnerId === partners.theirs.id)).toBe(true);
  });

  it("should answer another partner's feed 404, like a partner that does not exist, and a bad Last-Event-ID 400", async () => {
    const foreign = await request(gateway).get(`/api/v1/partners/${partners.mine.id}/feed`).set('Authorization', `Bearer ${partners.theirs.token}`).expect(404);
    const missing = await request(gateway).get('/api/v1/partners/01936f0e-8a4b-7c3d-9e2f-0000000fffff/feed').set('Authorization', `Bearer ${partners.theirs.token}`).expect(404);
    expect(foreign.body.title).toBe(missing.body.title);
    const bad = await request(gateway).get(`/api/v1/partners/${partners.mine.id}/feed`).set('Authorization', `Bearer ${partners.mine.token}`).set('Last-Event-ID', 'yesterday').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'Last-Event-ID' })]);
  });

  it('should let the channel side follow any partner’s feed', async () => {
    const feed = await reader(partners.theirs.id, admin);
    expect(feed.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const theirs = await register('theirs', 'Feed Channel View');
    await eventually(async () => feed.events.map((e) => e.data.aggregateId), (ids) => ids.includes(theirs));
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  APPROVE_DEAL_REGISTRATION_V1,
  CHANNEL_CONFLICT_DETECTED_V1,
  CUSTOMER_CREATED_V1,
  customerCreatedV1Fixture,
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_REGISTRATION_APPROVED_V1,
  DEAL_REGISTRATION_EXPIRED_V1,
  DEAL_REGISTRATION_SUBMITTED_V1,
  DEAL_WON_V1,
  dealCreatedV1Fixture,
  dealLostV1Fixture,
  type DealRegistrationViewV1,
  dealWonV1Fixture,
  EXTEND_DEAL_REGISTRATION_V1,
  GET_DEAL_REGISTRATION_V1,
  LEAD_CREATED_V1,
  LEAD_STATUS_CHANGED_V1,
  leadCreatedV1Fixture,
  leadStatusChangedV1Fixture,
  LIST_DEAL_REGISTRATIONS_V1,
  type PartnerViewV1,
  REJECT_DEAL_REGISTRATION_V1,
  SUBMIT_DEAL_REGISTRATION_V1,
  type SubmitDealRegistrationInputV1,
  SUSPEND_PARTNER_V1,
  REACTIVATE_PARTNER_V1,
  WITHDRAW_DEAL_REGISTRATION_V1,
  type ActorV1,
} from '@saleswire/contracts';
import type { RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, suiteSchema, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { RegistrationExpiryService } from '../src/registration/registration-expiry.service';
import {
  CHANNEL,
  connectPg,
  createPartner,
  eventLike,
  failure,
  HEAD,
  partnerUser,
  publishedEvents,
  registrationInput,
  rows,
  rpcClient,
  startPartners,
} from './support';

const DAY_MS = 86_400_000;

describe('partners: deal registrations, channel conflicts, protection and expiry (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  let alpha: PartnerViewV1;
  let beta: PartnerViewV1;
  let alphaUser: ActorV1;
  let betaUser: ActorV1;

  const submit = (partnerId: string, input: SubmitDealRegistrationInputV1, actor: ActorV1): Promise<DealRegistrationViewV1> =>
    rpc.send(SUBMIT_DEAL_REGISTRATION_V1, { actor, partnerId, input });
  const approve = (id: string, input: { protectionDays?: number; override?: boolean; reason?: string } = {}, actor = CHANNEL) =>
    rpc.send(APPROVE_DEAL_REGISTRATION_V1, { actor, id, input });
  const eventsOf = async (aggregateId: string, type: string) => (await publishedEvents(producer)).filter((e) => e.aggregateId === aggregateId && e.type === type);
  /** A company known to another channel: its customer with an open direct deal, announced by the deals service. */
  async function directCustomer(customer: { name: string; taxId?: string; email?: string }): Promise<string> {
    const customerId = randomUUID();
    const dealId = randomUUID();
    await producer.publish(
      CUSTOMER_CREATED_V1.subject,
      eventLike(customerCreatedV1Fixture, { customerId, name: customer.name, taxId: customer.taxId ?? null, email: customer.email ?? null }, { aggregateId: customerId }),
    );
    await producer.publish(DEAL_CREATED_V1.subject, eventLike(dealCreatedV1Fixture, { dealId, customerId }, { aggregateId: dealId }));
    await eventually(async () => (await rows(pg, 'channel_deal', 'deal_id = $1', [dealId])).length, (n) => n === 1);
    await eventually(async () => (await rows(pg, 'channel_customer', 'customer_id = $1', [customerId])).length, (n) => n === 1);
    return dealId;
  }
  /** An open lead of the leads service, routed to `partnerId` or to nobody. */
  async function openLead(company: { name: string; taxId?: string }, email: string, partnerId: string | null = null): Promise<string> {
    const leadId = randomUUID();
    await producer.publish(
      LEAD_CREATED_V1.subject,
      eventLike(leadCreatedV1Fixture, { leadId, company, contact: { name: 'Buyer', email }, partnerId }, { aggregateId: leadId }),
    );
    await eventually(async () => (await rows(pg, 'channel_lead', 'lead_id = $1', [leadId])).length, (n) => n === 1);
    return leadId;
  }

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('leads');
    await producer.provision('deals');
    app = await startPartners();
    rpc = rpcClient();
    alpha = await createPartner(rpc, { name: 'Alpha Integrators' });
    beta = await createPartner(rpc, { name: 'Beta Resellers' });
    alphaUser = partnerUser(alpha.id);
    betaUser = partnerUser(beta.id);
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  describe('submission and conflicts', () => {
    it('should take a registration with no conflict as submitted and publish it', async () => {
      const registration = await submit(alpha.id, registrationInput({ name: 'Quiet Company GmbH', taxId: '1111222233' }), alphaUser);
      expect(registration).toMatchObject({ status: 'submitted', conflict: false, conflicts: [], partnerId: alpha.id, protectedUntil: null, version: 1 });
      const [submitted] = await eventually(() => eventsOf(registration.id, DEAL_REGISTRATION_SUBMITTED_V1.type), (events) => events.length === 1);
      expect(submitted.payload).toMatchObject({ registrationId: registration.id, partnerId: alpha.id, status: 'submitted', conflicts: [] });
    });

    it('should find an open direct deal by tax id, an open lead by domain and another partner’s registration by name', async () => {
      const dealId = await directCustomer({ name: 'Contoso Trading', taxId: '7812014560' });
      const leadId = await openLead({ name: 'Somebody Else' }, 'ceo@contoso.example');
      const other = await submit(beta.id, registrationInput({ name: 'ООО «Контосо»' }), betaUser);
      const registration = await submit(
        alpha.id,
        registrationInput({ name: 'Контосо, ЗАО', taxId: '78-12-014560', email: 'buyer@contoso.example' }),
        CHANNEL,
      );
      expect(registration).toMatchObject({
        status: 'submitted',
        conflict: true,
        conflicts: [
          { kind: 'registration', id: other.id, matchedOn: 'name' },
          { kind: 'deal', id: dealId, matchedOn: 'tax_id' },
          { kind: 'lead', id: leadId, matchedOn: 'domain' },
        ],
      });
      const [detected] = await eventually(() => eventsOf(registration.id, CHANNEL_CONFLICT_DETECTED_V1.type), (events) => events.length === 1);
      expect(detected.payload).toMatchObject({ detectedOn: 'submission', conflicts: registration.conflicts });
      // The partner sees that it collided, and on what, never whose record it collided with.
      const seenByPartner = await rpc.send(GET_DEAL_REGISTRATION_V1, { actor: alphaUser, id: registration.id });
      expect(seenByPartner.conflicts).toEqual([
        { kind: 'registration', id: null, matchedOn: 'name' },
        { kind: 'deal', id: null, matchedOn: 'tax_id' },
        { kind: 'lead', id: null, matchedOn: 'domain' },
      ]);
    });

    it('should not count a lead routed to the same partner, a closed lead, a public mail domain or a rejected registration', async () => {
      await openLead({ name: 'Own Lead Industries' }, 'a@ownlead.example', alpha.id);
      const junk = await openLead({ name: 'Junk Lead Industries' }, 'a@junklead.example');
      await producer.publish(LEAD_STATUS_CHANGED_V1.subject, eventLike(leadStatusChangedV1Fixture, { leadId: junk, to: 'junk' }, { aggregateId: junk, aggregateVersion: 2 }));
      await eventually(async () => (await rows<{ open: boolean }>(pg, 'channel_lead', 'lead_id = $1', [junk]))[0].open, (open) => !open);
      await openLead({ name: 'Gmail User One' }, 'same.person@gmail.com');
      const rejected = await submit(beta.id, registrationInput({ name: 'Rejected Works' }), betaUser);
      await rpc.send(REJECT_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: rejected.id, input: { reason: 'Direct customer' } });
      for (const customer of [
        { name: 'Own Lead Industries', email: 'x@ownlead.example' },
        { name: 'Junk Lead Industries' },
        { name: 'Someone Different', email: 'other.person@gmail.com' },
        { name: 'Rejected Works' },
      ]) {
        expect(await submit(alpha.id, registrationInput(customer), alphaUser)).toMatchObject({ conflict: false, conflicts: [] });
      }
    });

    it('should answer 404 to a partner user registering for another partner, and 403 to a head of sales', async () => {
      expect(await failure(submit(beta.id, registrationInput({ name: 'X Corp' }), alphaUser))).toMatchObject({ status: 404 });
      expect(await failure(submit(alpha.id, registrationInput({ name: 'X Corp' }), HEAD))).toMatchObject({ status: 403 });
    });

    it('should refuse a suspended partner’s registrations: 403 to its user, 422 to a channel manager acting for it', async () => {
      const gamma = await createPartner(rpc);
      await rpc.send(SUSPEND_PARTNER_V1, { actor: CHANNEL, id: gamma.id, input: {} });
      expect(await failure(submit(gamma.id, registrationInput({ name: 'Y Corp' }), partnerUser(gamma.id)))).toMatchObject({ status: 403 });
      expect(await failure(submit(gamma.id, registrationInput({ name: 'Y Corp' }), CHANNEL))).toMatchObject({ status: 422 });
      await rpc.send(REACTIVATE_PARTNER_V1, { actor: CHANNEL, id: gamma.id, input: {} });
      expect(await submit(gamma.id, registrationInput({ name: 'Y Corp' }), CHANNEL)).toMatchObject({ status: 'submitted' });
    });
  });

  describe('decisions', () => {
    it('should approve for the default 90 days, naming the indirect deal and its owner in the approved event', async () => {
      const registration = await submit(alpha.id, registrationInput({ name: 'Approved Ltd', taxId: '5550001110' }), alphaUser);
      const before = Date.now();
      const approved = await approve(registration.id);
      expect(approved).toMatchObject({ status: 'approved', protectionDays: 90, dealId: expect.any(String), decidedBy: CHANNEL.id, version: 2 });
      const until = Date.parse(approved.protectedUntil!);
      expect(until - before).toBeGreaterThanOrEqual(90 * DAY_MS - 1000);
      expect(until - before).toBeLessThanOrEqual(90 * DAY_MS + 5000);
      const [event] = await eventually(() => eventsOf(registration.id, DEAL_REGISTRATION_APPROVED_V1.type), (events) => events.length === 1);
      expect(event).toMatchObject({
        subject: producer.subject(DEAL_REGISTRATION_APPROVED_V1.subject),
        aggregateVersion: 2,
        payload: { registrationId: registration.id, partnerId: alpha.id, dealId: approved.dealId, ownerId: CHANNEL.id, protectionDays: 90, customer: { name: 'Approved Ltd', taxId: '5550001110' } },
      });
      expect(await failure(approve(registration.id))).toMatchObject({ status: 422 });
    });

    it('should answer 422 over another partner’s protection, first come first served, and record an override with its reason', async () => {
      const first = await submit(alpha.id, registrationInput({ name: 'Protected GmbH', email: 'it@protected.example' }), alphaUser);
      await approve(first.id, { protectionDays: 30 });
      const second = await submit(beta.id, registrationInput({ name: 'Protected AG' }), betaUser);
      expect(second.conflicts).toEqual([{ kind: 'registration', id: null, matchedOn: 'name' }]);
      const refused = await failure(approve(second.id));
      expect(refused).toMatchObject({ status: 422, errors: [{ field: 'override', message: expect.stringContaining(first.id) }] });
      const withoutReason = await failure(approve(second.id, { override: true }));
      expect(withoutReason).toMatchObject({ status: 400 });
      const overridden = await approve(second.id, { override: true, reason: 'The customer asked for Beta in writing' });
      expect(overridden).toMatchObject({ status: 'approved', override: { by: CHANNEL.id, reason: 'The customer asked for Beta in writing', at: expect.any(String) } });
    });

    it('should check again at approval and record what the index learnt after the submission', async () => {
      const registration = await submit(alpha.id, registrationInput({ name: 'Late Comer Oy' }), alphaUser);
      expect(registration.conflict).toBe(false);
      const leadId = await openLead({ name: 'Late Comer' }, 'x@latecomer.example');
      const approved = await approve(registration.id);
      expect(approved).toMatchObject({ conflict: true, conflicts: [{ kind: 'lead', id: leadId, matchedOn: 'name' }] });
      const [detected] = await eventually(() => eventsOf(registration.id, CHANNEL_CONFLICT_DETECTED_V1.type), (events) => events.length === 1);
      expect(detected.payload).toMatchObject({ detectedOn: 'approval' });
    });

    it('should reject with a reason, let the partner withdraw its own, and extend a protection once', async () => {
      const rejected = await submit(alpha.id, registrationInput({ name: 'Rejectable' }), alphaUser);
      expect(await rpc.send(REJECT_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: rejected.id, input: { reason: 'Already ours' } })).toMatchObject({
        status: 'rejected',
        decisionReason: 'Already ours',
      });
      const mine = await submit(alpha.id, registrationInput({ name: 'Withdrawable' }), alphaUser);
      expect(await failure(rpc.send(WITHDRAW_DEAL_REGISTRATION_V1, { actor: betaUser, id: mine.id, input: {} }))).toMatchObject({ status: 404 });
      expect(await failure(rpc.send(APPROVE_DEAL_REGISTRATION_V1, { actor: alphaUser, id: mine.id, input: {} }))).toMatchObject({ status: 403 });
      expect(await rpc.send(WITHDRAW_DEAL_REGISTRATION_V1, { actor: alphaUser, id: mine.id, input: { reason: 'Postponed' } })).toMatchObject({ status: 'withdrawn' });
      const extendable = await submit(alpha.id, registrationInput({ name: 'Extendable' }), alphaUser);
      const approved = await approve(extendable.id, { protectionDays: 10 });
      const extended = await rpc.send(EXTEND_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: extendable.id, input: { days: 20 } });
      expect(Date.parse(extended.protectedUntil!) - Date.parse(approved.protectedUntil!)).toBe(20 * DAY_MS);
      expect(extended.extended).toBe(true);
      expect(await failure(rpc.send(EXTEND_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: extendable.id, input: { days: 5 } }))).toMatchObject({ status: 422 });
    });

    it('should list a partner user’s own registrations only, filtered by status and conflict', async () => {
      const page = await rpc.send(LIST_DEAL_REGISTRATIONS_V1, { actor: betaUser, query: { limit: 500 } });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((r) => r.partnerId === beta.id)).toBe(true);
      const foreign = await rpc.send(LIST_DEAL_REGISTRATIONS_V1, { actor: betaUser, query: { partnerId: alpha.id } });
      expect(foreign.items).toEqual([]);
      const conflicting = await rpc.send(LIST_DEAL_REGISTRATIONS_V1, { actor: CHANNEL, query: { conflict: 'true', limit: 500 } });
      expect(conflicting.items.every((r) => r.conflict)).toBe(true);
      const approved = await rpc.send(LIST_DEAL_REGISTRATIONS_V1, { actor: CHANNEL, query: { status: 'approved', partnerId: alpha.id, limit: 500 } });
      expect(approved.items.length).toBeGreaterThan(0);
      expect(approved.items.every((r) => r.status === 'approved' && r.partnerId === alpha.id)).toBe(true);
    });
  });

  describe('closing and expiry', () => {
    it('should close the registration when its deal is won or lost', async () => {
      for (const outcome of ['won', 'lost'] as const) {
        const registration = await submit(alpha.id, registrationInput({ name: `Closing ${outcome}` }), alphaUser);
        const { dealId } = await approve(registration.id);
        const facts = { dealId: dealId!, channel: 'indirect' as const, partnerId: alpha.id };
        if (outcome === 'won') await producer.publish(DEAL_WON_V1.subject, eventLike(dealWonV1Fixture, facts, { aggregateId: dealId! }));
        else await producer.publish(DEAL_LOST_V1.subject, eventLike(dealLostV1Fixture, facts, { aggregateId: dealId! }));
        const closed = await eventually(
          () => rpc.send(GET_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: registration.id }),
          (r) => r.status === 'closed',
        );
        expect(closed.outcome).toBe(outcome);
      }
    });

    it('should expire each ended protection exactly once with two replicas expiring at the same time', async () => {
      const replica = await startPartners();
      try {
        const ids: string[] = [];
        for (let i = 0; i < 120; i++) {
          const registration = await submit(beta.id, registrationInput({ name: `Expiring ${i} Ltd` }), CHANNEL);
          await approve(registration.id, { protectionDays: 1 });
          ids.push(registration.id);
        }
        await pg.query(`UPDATE "${suiteSchema('partners')}".deal_registration SET protected_until = now() - interval '1 minute' WHERE id = ANY($1)`, [ids]);
        const before = (await producer.countBySubject('PARTNERS_EVENTS'))[DEAL_REGISTRATION_EXPIRED_V1.subject] ?? 0;
        const [one, two] = await Promise.all([app.get(RegistrationExpiryService).expireEnded(), replica.get(RegistrationExpiryService).expireEnded()]);
        expect([...one, ...two].sort()).toEqual([...ids].sort());
        expect(one.length).toBeGreaterThan(0);
        const statuses = await rows<{ status: string; version: number }>(pg, 'deal_registration', 'id = ANY($1)', [ids]);
        expect(statuses.every((row) => row.status === 'expired' && row.version === 3)).toBe(true);
        await eventually(
          async () => ((await producer.countBySubject('PARTNERS_EVENTS'))[DEAL_REGISTRATION_EXPIRED_V1.subject] ?? 0) - before,
          (n) => n >= ids.length,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(((await producer.countBySubject('PARTNERS_EVENTS'))[DEAL_REGISTRATION_EXPIRED_V1.subject] ?? 0) - before).toBe(ids.length);
        // The protection is lifted: another partner's registration of the same customer no longer meets it.
        const again = await submit(alpha.id, registrationInput({ name: 'Expiring 7 Ltd' }), CHANNEL);
        expect(again.conflicts.filter((c) => c.kind === 'registration')).toEqual([]);
      } finally {
        await replica.close();
      }
    });

    it('should expire on schedule without being asked', async () => {
      const scheduled = await startPartners({ REGISTRATION_EXPIRY_CHECK_MS: '100' });
      try {
        const registration = await submit(alpha.id, registrationInput({ name: 'Scheduled Expiry' }), CHANNEL);
        await approve(registration.id, { protectionDays: 1 });
        await pg.query(`UPDATE "${suiteSchema('partners')}".deal_registration SET protected_until = now() WHERE id = $1`, [registration.id]);
        await eventually(() => rpc.send(GET_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: registration.id }), (r) => r.status === 'expired');
      } finally {
        await scheduled.close();
      }
    });
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as contracts from '@saleswire/contracts';
import {
  ACCEPT_LEAD_OFFER_V1,
  APPROVE_COMMISSION_V1,
  APPROVE_DEAL_REGISTRATION_V1,
  CREATE_PARTNER_V1,
  type CommissionViewV1,
  DEAL_WON_V1,
  dealWonV1Fixture,
  DECLINE_LEAD_OFFER_V1,
  LEAD_CREATED_V1,
  leadCreatedV1Fixture,
  type LeadOfferViewV1,
  LIST_LEAD_OFFERS_V1,
  PUT_PARTNER_ROUTING_V1,
  type DealRegistrationViewV1,
  EXTEND_DEAL_REGISTRATION_V1,
  LIST_COMMISSIONS_V1,
  PAY_COMMISSION_V1,
  type PartnerViewV1,
  REACTIVATE_PARTNER_V1,
  REJECT_DEAL_REGISTRATION_V1,
  type RpcContract,
  SUBMIT_DEAL_REGISTRATION_V1,
  SUSPEND_PARTNER_V1,
  WITHDRAW_DEAL_REGISTRATION_V1,
} from '@saleswire/contracts';
import { RequestKeyScope, runWithRequestKey, type RpcClient } from '@saleswire/messaging';
import { cleanupSuite, eventually, TestProducer } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { CHANNEL, connectPg, createPartner, eventLike, registrationInput, rows, rpcClient, startPartners } from './support';

/** The commands a context declares: each must record its key (ADR 0010). */
function commandsOf(context: string): string[] {
  return (Object.values(contracts) as unknown[])
    .filter((value): value is RpcContract => typeof value === 'object' && value !== null && (value as RpcContract).kind === 'command')
    .map((contract) => contract.subject)
    .filter((subject) => subject.startsWith(`rpc.${context}.`))
    .sort();
}

const count = async (pg: Client, table: string, where = 'true', params: unknown[] = []): Promise<number> => (await rows(pg, table, where, params)).length;

describe('partners: request keys recorded with the change (real PostgreSQL and NATS)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;
  let partner: PartnerViewV1;

  async function sendWithKey<Req extends object, Res>(contract: RpcContract<Req, Res>, data: Req, key: string): Promise<{ reply: Res; replayed: boolean }> {
    const scope = new RequestKeyScope({ principalId: CHANNEL.id, key, fingerprint: 'fp-1' }, 'http', contract.subject);
    const reply = await runWithRequestKey(scope, () => rpc.send(contract, data));
    return { reply, replayed: scope.replayed };
  }

  /** A submitted registration of a customer no other test names, so none collides with another. */
  const submitted = (): Promise<DealRegistrationViewV1> =>
    rpc.send(SUBMIT_DEAL_REGISTRATION_V1, { actor: CHANNEL, partnerId: partner.id, input: registrationInput({ name: `Keyed ${randomUUID()}` }) });
  const approved = async (): Promise<DealRegistrationViewV1> => rpc.send(APPROVE_DEAL_REGISTRATION_V1, { actor: CHANNEL, id: (await submitted()).id, input: {} });

  /** An accrued commission: a won indirect deal of the partner, as the deals service announces it. */
  async function accrued(): Promise<CommissionViewV1> {
    const dealId = randomUUID();
    await producer.publish(
      DEAL_WON_V1.subject,
      eventLike(dealWonV1Fixture, { dealId, channel: 'indirect', partnerId: partner.id, paidAmount: 1000, currency: 'EUR' }, { aggregateId: dealId }),
    );
    const page = await eventually(
      () => rpc.send(LIST_COMMISSIONS_V1, { actor: CHANNEL, ofPartner: partner.id, query: {} }),
      (found) => found.items.some((commission) => commission.dealId === dealId),
    );
    return page.items.find((commission) => commission.dealId === dealId)!;
  }

  /** An open offer of a new lead in the partner's territory (routing is on for website leads). */
  async function offered(): Promise<LeadOfferViewV1> {
    const leadId = randomUUID();
    await producer.publish(
      LEAD_CREATED_V1.subject,
      eventLike(leadCreatedV1Fixture, { leadId, source: 'website', region: 'DE-BY', partnerId: null, assigneeExplicit: false }, { aggregateId: leadId }),
    );
    const page = await eventually(() => rpc.send(LIST_LEAD_OFFERS_V1, { actor: CHANNEL, query: { leadId } }), (found) => found.items.length === 1);
    return page.items[0];
  }

  /** A valid request of each partners command, made fresh for each use (most need a record of their own). */
  const SAMPLES: Record<string, () => Promise<{ contract: RpcContract; data: object }>> = {
    [CREATE_PARTNER_V1.subject]: async () => ({
      contract: CREATE_PARTNER_V1,
      data: { actor: CHANNEL, input: { name: 'Keyed reseller', kind: 'reseller', tier: 'gold', territories: ['DE'], commissionRate: 0.1 } },
    }),
    [SUSPEND_PARTNER_V1.subject]: async () => ({ contract: SUSPEND_PARTNER_V1, data: { actor: CHANNEL, id: (await createPartner(rpc)).id, input: { reason: 'audit' } } }),
    [REACTIVATE_PARTNER_V1.subject]: async () => {
      const other = await createPartner(rpc);
      await rpc.send(SUSPEND_PARTNER_V1, { actor: CHANNEL, id: other.id, input: {} });
      return { contract: REACTIVATE_PARTNER_V1, data: { actor: CHANNEL, id: other.id, input: {} } };
    },
    [SUBMIT_DEAL_REGISTRATION_V1.subject]: async () => ({
      contract: SUBMIT_DEAL_REGISTRATION_V1,
      data: { actor: CHANNEL, partnerId: partner.id, input: registrationInput({ name: `Keyed ${randomUUID()}` }) },
    }),
    [APPROVE_DEAL_REGISTRATION_V1.subject]: async () => ({ contract: APPROVE_DEAL_REGISTRATION_V1, data: { actor: CHANNEL, id: (await submitted()).id, input: {} } }),
    [REJECT_DEAL_REGISTRATION_V1.subject]: async () => ({
      contract: REJECT_DEAL_REGISTRATION_V1,
      data: { actor: CHANNEL, id: (await submitted()).id, input: { reason: 'not qualified' } },
    }),
    [EXTEND_DEAL_REGISTRATION_V1.subject]: async () => ({ contract: EXTEND_DEAL_REGISTRATION_V1, data: { actor: CHANNEL, id: (await approved()).id, input: { days: 30 } } }),
    [WITHDRAW_DEAL_REGISTRATION_V1.subject]: async () => ({ contract: WITHDRAW_DEAL_REGISTRATION_V1, data: { actor: CHANNEL, id: (await submitted()).id, input: {} } }),
    [APPROVE_COMMISSION_V1.subject]: async () => ({ contract: APPROVE_COMMISSION_V1, data: { actor: CHANNEL, id: (await accrued()).id, input: {} } }),
    [PAY_COMMISSION_V1.subject]: async () => {
      const commission = await accrued();
      await rpc.send(APPROVE_COMMISSION_V1, { actor: CHANNEL, id: commission.id, input: {} });
      return { contract: PAY_COMMISSION_V1, data: { actor: CHANNEL, id: commission.id, input: {} } };
    },
    [PUT_PARTNER_ROUTING_V1.subject]: async () => ({
      contract: PUT_PARTNER_ROUTING_V1,
      data: { actor: CHANNEL, input: { enabled: true, sources: ['website'], offerHours: 48 } },
    }),
    [ACCEPT_LEAD_OFFER_V1.subject]: async () => ({ contract: ACCEPT_LEAD_OFFER_V1, data: { actor: CHANNEL, id: (await offered()).id, input: {} } }),
    [DECLINE_LEAD_OFFER_V1.subject]: async () => ({ contract: DECLINE_LEAD_OFFER_V1, data: { actor: CHANNEL, id: (await offered()).id, input: { reason: 'busy' } } }),
  };

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await producer.provision('deals');
    await producer.provision('leads');
    app = await startPartners();
    rpc = rpcClient();
    // The only partner of its territory, so every offer of a DE-BY lead goes to it.
    partner = await createPartner(rpc, { territories: ['DE'] });
    await rpc.send(PUT_PARTNER_ROUTING_V1, { actor: CHANNEL, input: { enabled: true, sources: ['website'], offerHours: 48 } });
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should have a sample here for every command of partners, so none escapes the check below', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(commandsOf('partners'));
  });

  it.each(Object.keys(SAMPLES))('should record the key of %s with its change and answer a retry with the same reply, emitting nothing again', async (subject) => {
    const { contract, data } = await SAMPLES[subject]();
    const key = randomUUID();
    const first = await sendWithKey(contract, data, key);
    const outboxAfterFirst = await count(pg, 'outbox_event');
    const again = await sendWithKey(contract, data, key);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ reply: first.reply, replayed: true });
    expect(await count(pg, 'outbox_event')).toBe(outboxAfterFirst);
    expect(await count(pg, 'request_key', 'key = $1 AND subject = $2', [key, subject])).toBe(1);
  });

  it('should approve a registration once when three retries of one key race, opening one indirect deal', async () => {
    const registration = await submitted();
    const key = randomUUID();
    const approve = { actor: CHANNEL, id: registration.id, input: {} };
    const answers = await Promise.all([1, 2, 3].map(() => sendWithKey(APPROVE_DEAL_REGISTRATION_V1, approve, key)));
    expect(new Set(answers.map((answer) => answer.reply.dealId)).size).toBe(1);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await count(pg, 'outbox_event', `subject LIKE $1 AND envelope->>'aggregateId' = $2`, ['%deal-registration.approved%', registration.id])).toBe(1);
  });
});

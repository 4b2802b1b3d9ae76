import type { Subscription } from '@nats-io/transport-node';
import {
  CHANGE_LEAD_STATUS_V1,
  CONVERT_LEAD_V1,
  CREATE_LEAD_V1,
  GET_LEAD_V1,
  LEAD_CONVERTED_V1,
  type LeadConversionV1,
  LeadConvertedV1,
  type LeadDetailsV1,
  RESOLVE_CUSTOMER_V1,
  ResolveCustomerRequestV1,
  type ResolvedCustomerV1,
} from '@saleswire/contracts';
import { ProblemError, type RpcClient, validateContract } from '@saleswire/messaging';
import { eventually, TestProducer } from '@saleswire/testing';
import { HEAD, LEAD_INPUT, LeadsDb, type LeadsSuite, managerActor, startLeadsSuite } from './support';

const ANNA = '01936f0e-8a4b-7c3d-9e2f-0000000000a1';
const CUSTOMER_ID = '01936f10-0000-7000-8000-0000000c0777';

/**
 * Stands in for the deals service: answers `rpc.deals.resolve-customer.v1` in this suite's namespace the way
 * Nest's NATS transport does, and remembers what it was asked.
 */
class DealsResponder {
  readonly requests: ResolveCustomerRequestV1[] = [];
  answer: (request: ResolveCustomerRequestV1) => { response?: ResolvedCustomerV1; err?: object } = () => ({
    response: { customerId: CUSTOMER_ID, ownerId: ANNA, created: true },
  });
  private subscription?: Subscription;

  constructor(private readonly producer: TestProducer) {}

  start(): void {
    this.subscription = this.producer.nc.subscribe(this.producer.subject(RESOLVE_CUSTOMER_V1.subject), {
      callback: (_error, message) => {
        const packet = message.json<{ id: string; data: ResolveCustomerRequestV1 }>();
        this.requests.push(packet.data);
        message.respond(JSON.stringify({ id: packet.id, ...this.answer(packet.data), isDisposed: true }));
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }
}

describe('leads: conversion asks deals for the customer and publishes lead.converted (real PostgreSQL and NATS)', () => {
  let rpc: RpcClient;
  let db: LeadsDb;
  let producer: TestProducer;
  let suite: LeadsSuite;
  let deals: DealsResponder;

  const create = (patch: object = {}): Promise<LeadDetailsV1> =>
    rpc.send(CREATE_LEAD_V1, { actor: HEAD, input: { ...LEAD_INPUT, assigneeId: ANNA, ...patch } });
  const convert = (leadId: string, input: object = {}, actor = managerActor(ANNA)): Promise<LeadConversionV1> =>
    rpc.send(CONVERT_LEAD_V1, { actor, leadId, input });
  const failure = (promise: Promise<unknown>): Promise<ProblemError> => promise.then(() => Promise.reject(new Error('expected a failure')), (e: unknown) => e as ProblemError);

  beforeAll(async () => {
    suite = await startLeadsSuite({ RPC_TIMEOUT_MS: '1000' }, (producer) => {
      deals = new DealsResponder(producer);
      deals.start();
    });
    ({ db, producer, rpc } = suite);
    await suite.users({ id: ANNA });
  });

  afterAll(async () => {
    deals.stop();
    await suite.close();
  });

  it('should resolve the customer, mark the lead converted and publish lead.converted with a new deal id', async () => {
    const lead = await create({ title: 'Scanners', marketingEventId: '01936f0e-8a4b-7c3d-9e2f-0000000000e1' });
    const answer = await convert(lead.id, { amount: 5000, currency: 'USD', type: 'project' });
    expect(answer).toEqual({ leadId: lead.id, customerId: CUSTOMER_ID, dealId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/) });

    const asked = deals.requests.at(-1)!;
    expect(validateContract(ResolveCustomerRequestV1, asked)).toMatchObject({ ok: true });
    expect(asked.customer).toEqual({ kind: 'company', name: 'Northwind', taxId: '7707083893', email: 'irina@northwind.example', phone: '+7 495 123-45-67', ownerId: ANNA });

    const stored = await rpc.send(GET_LEAD_V1, { actor: HEAD, leadId: lead.id });
    expect(stored).toMatchObject({ status: 'converted', customerId: CUSTOMER_ID, dealId: answer.dealId, convertedAt: expect.any(String), version: 2 });
    expect(stored.statusHistory?.at(-1)).toMatchObject({ from: 'new', to: 'converted' });

    const messages = await eventually(
      () => producer.messages('LEADS_EVENTS'),
      (list) => list.some((m) => m.subject.endsWith(LEAD_CONVERTED_V1.subject) && m.data.includes(lead.id)),
    );
    const event = JSON.parse(messages.find((m) => m.subject.endsWith(LEAD_CONVERTED_V1.subject) && m.data.includes(lead.id))!.data);
    expect(validateContract(LeadConvertedV1, event.payload)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      aggregateId: lead.id,
      aggregateVersion: 2,
      payload: {
        leadId: lead.id,
        customerId: CUSTOMER_ID,
        dealId: answer.dealId,
        title: 'Scanners',
        amount: 5000,
        currency: 'USD',
        type: 'project',
        ownerId: ANNA,
        direction: 'inbound',
        source: 'exhibition',
        marketingEventId: '01936f0e-8a4b-7c3d-9e2f-0000000000e1',
        partnerId: null,
      },
    });
  });

  it('should carry the lead’s expected amount and ask for a person when the lead has no company', async () => {
    const lead = await create({ company: undefined, contact: { name: 'Solo Buyer', email: 'solo@example.com' }, expectedAmount: 70, currency: 'EUR' });
    await convert(lead.id);
    expect(deals.requests.at(-1)!.customer).toEqual({ kind: 'person', name: 'Solo Buyer', email: 'solo@example.com', ownerId: ANNA });
    const messages = await eventually(
      () => producer.messages('LEADS_EVENTS'),
      (list) => list.some((m) => m.subject.endsWith(LEAD_CONVERTED_V1.subject) && m.data.includes(lead.id)),
    );
    const event = JSON.parse(messages.find((m) => m.subject.endsWith(LEAD_CONVERTED_V1.subject) && m.data.includes(lead.id))!.data);
    expect(event.payload).toMatchObject({ amount: 70, currency: 'EUR', type: 'consultative', title: 'Solo Buyer: exhibition' });
  });

  it('should answer 409 without asking deals again when the lead was converted already', async () => {
    const lead = await create();
    await convert(lead.id);
    const asked = deals.requests.length;
    const error = await failure(convert(lead.id));
    expect(error).toMatchObject({ status: 409 });
    expect(deals.requests.length).toBe(asked);
  });

  it('should convert once and answer 409 to the other when two conversions race', async () => {
    const lead = await create();
    const results = await Promise.allSettled([convert(lead.id), convert(lead.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
    const messages = await eventually(() => producer.messages('LEADS_EVENTS'), (list) => list.some((m) => m.data.includes(lead.id) && m.subject.endsWith(LEAD_CONVERTED_V1.subject)));
    expect(messages.filter((m) => m.subject.endsWith(LEAD_CONVERTED_V1.subject) && m.data.includes(lead.id))).toHaveLength(1);
  });

  it('should answer 422 when the lead is junk', async () => {
    const lead = await create();
    await rpc.send(CHANGE_LEAD_STATUS_V1, { actor: HEAD, leadId: lead.id, input: { status: 'junk', reason: 'Spam' } });
    expect(await failure(convert(lead.id))).toMatchObject({ status: 422 });
  });

  it('should answer 404 when a manager converts another manager’s lead', async () => {
    const lead = await create();
    const asked = deals.requests.length;
    expect(await failure(convert(lead.id, {}, managerActor('01936f0e-8a4b-7c3d-9e2f-0000000000b2')))).toMatchObject({ status: 404 });
    expect(deals.requests.length).toBe(asked);
  });

  it('should pass on the deals service’s problem and leave the lead open when deals refuses', async () => {
    const lead = await create();
    deals.answer = () => ({ err: { status: 422, title: 'Customer cannot be created', detail: 'bad identity' } });
    try {
      expect(await failure(convert(lead.id))).toMatchObject({ status: 422, title: 'Customer cannot be created' });
    } finally {
      deals.answer = () => ({ response: { customerId: CUSTOMER_ID, ownerId: ANNA, created: true } });
    }
    expect(await db.rows(`SELECT status, deal_id FROM $schema.lead WHERE id = $1`, [lead.id])).toEqual([{ status: 'new', deal_id: null }]);
  });

  it('should answer 503 and leave the lead open when deals does not answer', async () => {
    const lead = await create();
    deals.stop();
    try {
      expect(await failure(convert(lead.id))).toMatchObject({ status: 503 });
    } finally {
      deals.start();
    }
    expect(await db.rows(`SELECT status FROM $schema.lead WHERE id = $1`, [lead.id])).toEqual([{ status: 'new' }]);
  });

  it.each([
    ['input.amount', { amount: -1, currency: 'EUR' }],
    ['input.currency', { amount: 10 }],
    ['input.type', { type: 'barter' }],
    ['input.pipelineId', { pipelineId: 'default' }],
    ['input.extra', { extra: true }],
  ])('should answer 400 naming %s and leave the lead open when it is invalid', async (field, input) => {
    const lead = await create();
    const error = await failure(convert(lead.id, input));
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => e.field)).toContain(field);
    expect(await db.count('lead', `id = $1 AND status = 'new'`, [lead.id])).toBe(1);
  });
});

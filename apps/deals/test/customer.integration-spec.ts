import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CREATE_CUSTOMER_V1,
  type CreateCustomerInputV1,
  CUSTOMER_CREATED_V1,
  CustomerCreatedV1,
  GET_CUSTOMER_V1,
  LIST_CUSTOMERS_V1,
  RESOLVE_CUSTOMER_V1,
} from '@saleswire/contracts';
import { ProblemError, type RpcClient, validateContract } from '@saleswire/messaging';
import { runWithCorrelation } from '@saleswire/observability';
import { cleanupSuite, eventually, provisionUsers, seedUserDirectory, suiteSchema, TestProducer } from '@saleswire/testing';
import type { Client } from 'pg';
import { ADMIN, connectPg, count, DEACTIVATED_USER, DIRECTORY_USERS, MANAGER_A, MANAGER_B, publishedEvents, rpcClient, startDeals } from './support';

const NORTHWIND: CreateCustomerInputV1 = {
  kind: 'company',
  name: 'Northwind LLC',
  taxId: '7707083893',
  email: 'Purchasing@Northwind.example',
  phone: '+7 495 123-45-67',
};

describe('deals: customers, matching and resolve-customer (real PostgreSQL and JetStream)', () => {
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let producer: TestProducer;
  let pg: Client;

  beforeAll(async () => {
    pg = await connectPg();
    producer = await TestProducer.connect();
    await provisionUsers(producer);
    app = await startDeals();
    rpc = rpcClient();
    // Owners and team members must be users of the directory, which the gateway's events fill.
    await seedUserDirectory(producer, pg, suiteSchema('deals'), DIRECTORY_USERS);
  });

  afterAll(async () => {
    await rpc.onApplicationShutdown();
    await app.close();
    await producer.close();
    await pg.end();
    await cleanupSuite();
  });

  it('should store the customer and publish customer.created with Nats-Msg-Id = eventId when a manager creates one', async () => {
    const customer = await runWithCorrelation({ correlationId: 'corr-customer-1' }, () =>
      rpc.send(CREATE_CUSTOMER_V1, { actor: MANAGER_A, input: NORTHWIND }),
    );
    expect(customer).toMatchObject({ kind: 'company', name: 'Northwind LLC', taxId: '7707083893', ownerId: MANAGER_A.id, version: 1 });
    const events = await eventually(() => publishedEvents(producer), (list) => list.some((e) => e.aggregateId === customer.id));
    const event = events.find((e) => e.aggregateId === customer.id)!;
    expect(event).toMatchObject({ type: CUSTOMER_CREATED_V1.type, producer: 'deals', aggregateVersion: 1, correlationId: 'corr-customer-1', actor: MANAGER_A });
    expect(event.payload).toMatchObject({ customerId: customer.id, ownerId: MANAGER_A.id, email: 'Purchasing@Northwind.example' });
    expect(event.msgId).toBe(event.eventId);
    expect(validateContract(CustomerCreatedV1, event.payload)).toMatchObject({ ok: true });
  });

  it('should keep the contacts of a company in the order given when it is created with them', async () => {
    const created = await rpc.send(CREATE_CUSTOMER_V1, {
      actor: MANAGER_A,
      input: {
        kind: 'company',
        name: 'Contoso Retail',
        contacts: [
          { name: 'Olga Ivanova', position: 'Buyer', email: 'olga@contoso.example' },
          { name: 'Pavel Orlov', phone: '+7 812 000-00-01' },
        ],
      },
    });
    const expected = [
      { name: 'Olga Ivanova', position: 'Buyer', email: 'olga@contoso.example', phone: null },
      { name: 'Pavel Orlov', position: null, email: null, phone: '+7 812 000-00-01' },
    ];
    expect(created.contacts).toEqual(expected);
    expect((await rpc.send(GET_CUSTOMER_V1, { actor: MANAGER_A, id: created.id })).contacts).toEqual(expected);
  });

  it.each([
    ['the tax id is spelled differently', { taxId: '77-07 083 893', email: undefined, phone: undefined }, 'taxId'],
    ['the email differs only in case', { taxId: undefined, email: 'PURCHASING@northwind.EXAMPLE', phone: undefined }, 'email'],
    ['the phone is written differently', { taxId: undefined, email: undefined, phone: '+7 (495) 1234567' }, 'phone'],
    ['the phone is written with the trunk 8', { taxId: undefined, email: undefined, phone: '8 495 123 45 67' }, 'phone'],
    ['the phone is written with the international 00', { taxId: undefined, email: undefined, phone: '007 495 123 45 67' }, 'phone'],
  ])('should answer 409 naming the existing customer when %s', async (_case, patch, field) => {
    const error = await rpc.send(CREATE_CUSTOMER_V1, { actor: ADMIN, input: { ...NORTHWIND, name: 'Northwind twin', ...patch } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 409, errors: [expect.objectContaining({ field })] });
    expect(await count(pg, 'customer', 'name = $1', ['Northwind twin'])).toBe(0);
  });

  it('should answer 400 naming the field when the input breaks the contract', async () => {
    const error = await rpc.send(CREATE_CUSTOMER_V1, { actor: ADMIN, input: { ...NORTHWIND, kind: 'robot' } } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'input.kind' })] });
  });

  it('should refuse an owner who is a deactivated user with 422, and create nothing', async () => {
    const error = await rpc
      .send(CREATE_CUSTOMER_V1, { actor: ADMIN, input: { kind: 'company', name: 'Owned by nobody', ownerId: DEACTIVATED_USER } })
      .then(() => 'created', (e: unknown) => e);
    expect(error).toMatchObject({ status: 422, errors: [{ field: 'ownerId', message: 'is a deactivated user' }] });
    expect(await count(pg, 'customer', 'name = $1', ['Owned by nobody'])).toBe(0);
  });

  it('should answer the matching customer, not a twin, when resolve-customer gets a known identity', async () => {
    const existing = await rpc.send(CREATE_CUSTOMER_V1, {
      actor: MANAGER_A,
      input: { kind: 'company', name: 'Fabrikam', taxId: '5001234567' },
    });
    const resolved = await rpc.send(RESOLVE_CUSTOMER_V1, {
      actor: MANAGER_B,
      customer: { kind: 'company', name: 'Fabrikam Inc.', taxId: '500-123-4567', ownerId: MANAGER_B.id },
    });
    expect(resolved).toEqual({ customerId: existing.id, ownerId: MANAGER_A.id, created: false });
  });

  it('should create one customer and one event when ten resolves of a new identity run at once', async () => {
    const identity = { kind: 'person' as const, name: 'Ivan Petrov', email: 'ivan@petrov.example', phone: '+7 900 000-00-01' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        rpc.send(RESOLVE_CUSTOMER_V1, {
          actor: MANAGER_A,
          // Each caller spells the identity its own way; all of it normalises to the same keys.
          customer: { ...identity, email: i % 2 ? identity.email.toUpperCase() : identity.email, ownerId: MANAGER_A.id },
        }),
      ),
    );
    expect(new Set(answers.map((a) => a.customerId)).size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(await count(pg, 'customer', 'email_key = $1', ['ivan@petrov.example'])).toBe(1);
    const events = await eventually(
      () => publishedEvents(producer),
      (list) => list.some((e) => e.aggregateId === answers[0].customerId),
    );
    expect(events.filter((e) => e.aggregateId === answers[0].customerId)).toHaveLength(1);
  });

  it('should show a manager only the customers they own when they have no deals, and 404 the others', async () => {
    const ownedByB = await rpc.send(CREATE_CUSTOMER_V1, { actor: MANAGER_B, input: { kind: 'company', name: 'Tailspin Toys' } });
    const error = await rpc.send(GET_CUSTOMER_V1, { actor: MANAGER_A, id: ownedByB.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404 });
    expect(await rpc.send(GET_CUSTOMER_V1, { actor: MANAGER_B, id: ownedByB.id })).toMatchObject({ id: ownedByB.id });
    const pageA = await rpc.send(LIST_CUSTOMERS_V1, { actor: MANAGER_A, query: {} });
    expect(pageA.items.map((c) => c.id)).not.toContain(ownedByB.id);
    expect(pageA.items.every((c) => c.ownerId === MANAGER_A.id)).toBe(true);
    const pageAdmin = await rpc.send(LIST_CUSTOMERS_V1, { actor: ADMIN, query: { q: 'tailspin' } });
    expect(pageAdmin.items.map((c) => c.id)).toEqual([ownedByB.id]);
  });

  it('should page through customers newest first when a limit is given', async () => {
    const first = await rpc.send(LIST_CUSTOMERS_V1, { actor: ADMIN, query: { limit: 2 } });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await rpc.send(LIST_CUSTOMERS_V1, { actor: ADMIN, query: { limit: 2, cursor: first.nextCursor! } });
    expect(second.items[0].id < first.items[1].id).toBe(true);
  });
});

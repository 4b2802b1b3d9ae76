import {
  CREATE_MARKETING_EVENT_V1,
  type CreateMarketingEventInputV1,
  LIST_MARKETING_EVENTS_V1,
  type ListMarketingEventsQueryV1,
  MARKETING_EVENT_CREATED_V1,
  MarketingEventCreatedV1,
  type MarketingEventViewV1,
  type Page,
} from '@saleswire/contracts';
import { type ProblemError, type RpcClient, validateContract } from '@saleswire/messaging';
import { eventually, TestProducer } from '@saleswire/testing';
import { HEAD, LeadsDb, type LeadsSuite, startLeadsSuite } from './support';

const EXPO: CreateMarketingEventInputV1 = { name: 'LogiMAT 2026', kind: 'exhibition', startsOn: '2026-03-10', endsOn: '2026-03-12', city: 'Stuttgart', cost: 18000.5, currency: 'EUR' };

describe('leads: marketing events with dates, city and cost (real PostgreSQL and JetStream)', () => {
  let rpc: RpcClient;
  let db: LeadsDb;
  let producer: TestProducer;
  let suite: LeadsSuite;

  const create = (input: object): Promise<MarketingEventViewV1> => rpc.send(CREATE_MARKETING_EVENT_V1, { actor: HEAD, input });
  const list = (query: ListMarketingEventsQueryV1): Promise<Page<MarketingEventViewV1>> => rpc.send(LIST_MARKETING_EVENTS_V1, { actor: HEAD, query });

  beforeAll(async () => {
    suite = await startLeadsSuite();
    ({ db, producer, rpc } = suite);
  });

  afterAll(() => suite.close());

  it('should store the event with its cost and publish marketing-event.created', async () => {
    const created = await create(EXPO);
    expect(created).toMatchObject({ ...EXPO, id: expect.any(String), version: 1 });
    const messages = await eventually(
      () => producer.messages('LEADS_EVENTS'),
      (list) => list.some((m) => m.subject.endsWith(MARKETING_EVENT_CREATED_V1.subject) && m.data.includes(created.id)),
    );
    const event = JSON.parse(messages.find((m) => m.data.includes(created.id))!.data);
    expect(validateContract(MarketingEventCreatedV1, event.payload)).toMatchObject({ ok: true });
    expect(event.payload).toEqual({ marketingEventId: created.id, ...EXPO });
  });

  it('should list events newest first, by kind and by overlapping period, page by page', async () => {
    const seminar = await create({ name: 'Sales seminar', kind: 'seminar', startsOn: '2026-05-01', endsOn: '2026-05-01' });
    const webinar = await create({ name: 'Webinar', kind: 'webinar', startsOn: '2026-06-01', endsOn: '2026-06-01' });
    expect((await list({ kind: 'seminar' })).items.map((e) => e.id)).toEqual([seminar.id]);
    expect((await list({ from: '2026-04-15', to: '2026-05-15' })).items.map((e) => e.id)).toEqual([seminar.id]);
    const first = await list({ limit: 2 });
    expect(first.items.map((e) => e.id)).toEqual([webinar.id, seminar.id]);
    const second = await list({ limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ name: 'LogiMAT 2026' }], nextCursor: null });
  });

  it.each([
    ['input.name', { name: '' }],
    ['input.kind', { kind: 'fair' }],
    ['input.startsOn', { startsOn: '10.03.2026' }],
    ['input.startsOn', { startsOn: '2026-02-30' }],
    ['input.endsOn', { endsOn: '2026-03-09' }],
    ['input.cost', { cost: -1 }],
    ['input.currency', { currency: undefined }],
    ['input.city', { city: '' }],
    ['input.budget', { budget: 1 }],
  ])('should answer 400 naming %s and store nothing when it is invalid', async (field, patch) => {
    const before = await db.count('marketing_event');
    const error = (await create({ ...EXPO, ...patch }).catch((e: unknown) => e)) as ProblemError;
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => e.field.replace(/^(?!input\.)/, 'input.'))).toContain(field);
    expect(await db.count('marketing_event')).toBe(before);
  });
});

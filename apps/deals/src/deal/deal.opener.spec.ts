import { type ActorV1, DEAL_CREATED_V1, type DealCreatedV1, type EventEnvelope, type PipelineKind } from '@saleswire/contracts';
import { OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import type { RepeatSalesConfig } from '../config';
import type { PipelineEntity, PipelineStageEntity } from '../pipeline/pipeline.entity';
import type { Pipeline, PipelineService } from '../pipeline/pipeline.service';
import { DealEntity } from './deal.entity';
import type { NewDealFields, OpenDealSpec } from './deal.factory';
import type { DealHistory } from './deal.history';
import { DealOpener } from './deal.opener';
import type { DealStore } from './deal.store';

const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
const spec: OpenDealSpec = { title: ' Scanners ', customerId: 'c-1', amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' };
const stages = [
  { code: 'lead_in', semantics: 'open', probability: 5 },
  { code: 'won', semantics: 'won', probability: 100 },
] as PipelineStageEntity[];
const pipelineOf = (id: string): Pipeline => ({ entity: { id } as PipelineEntity, stages });

describe('DealOpener', () => {
  let tx: OutboxTransaction;
  let hasWon: boolean;
  const config: RepeatSalesConfig = { enabled: true, leadDays: 14, checkIntervalMs: 0 };
  const pipelines = {
    get: jest.fn(async (_manager: EntityManager, id: string) => pipelineOf(id)),
    defaultOf: jest.fn(async (_manager: EntityManager, kind: PipelineKind) => pipelineOf(`default-${kind}`)),
  };
  const store = {
    withWonDeals: jest.fn(async (_manager: EntityManager, customerIds: string[]) => new Set(hasWon ? customerIds : [])),
    insertMany: jest.fn(async (_manager: EntityManager, fields: NewDealFields[]) =>
      fields.map((f) => Object.assign(new DealEntity(), f, { version: 1, createdAt: new Date('2026-03-01T10:00:00Z'), updatedAt: new Date('2026-03-01T10:00:00Z') })),
    ),
    addTeams: jest.fn(async (_manager: EntityManager, teams: Array<{ dealId: string }>) => teams.map(() => [])),
    exists: jest.fn(async (_manager: EntityManager, id: string) => id === 'd-open'),
  };
  const history = { recordMany: jest.fn(async () => undefined) };
  const opener = new DealOpener(pipelines as unknown as PipelineService, store as unknown as DealStore, history as unknown as DealHistory, config);
  const created = (): Array<EventEnvelope<DealCreatedV1>> =>
    tx.events.filter((event): event is EventEnvelope<DealCreatedV1> => event.type === DEAL_CREATED_V1.type);

  beforeEach(() => {
    jest.clearAllMocks();
    tx = new OutboxTransaction({} as EntityManager, 'deals');
    hasWon = false;
    config.enabled = true;
  });

  it('should open the deal in the first open stage of the default pipeline, record where it started and publish deal.created', async () => {
    const { deal } = await opener.open(tx, spec, MANAGER);
    expect(pipelines.defaultOf).toHaveBeenCalledWith(tx.manager, 'new_business');
    expect(deal).toMatchObject({ title: 'Scanners', pipelineId: 'default-new_business', stage: 'lead_in', probability: 5, status: 'open', paidAmount: 0, isRepeat: false, createdBy: MANAGER.id });
    expect(history.recordMany).toHaveBeenCalledWith(tx.manager, [expect.objectContaining({ dealId: deal.id, from: null, to: 'lead_in', reason: null, actor: MANAGER })]);
    expect(created()).toEqual([expect.objectContaining({ aggregateId: deal.id, aggregateVersion: 1, payload: expect.objectContaining({ dealId: deal.id, stage: 'lead_in', title: 'Scanners' }) })]);
  });

  it.each([
    ['a customer who bought before', true, true, spec, 'repeat', true],
    ['a partner’s deal of a new customer', true, false, { ...spec, channel: 'indirect' as const }, 'partner', false],
    ['a returning customer when repeat detection is off', false, true, spec, 'new_business', false],
  ])('should choose the default pipeline for %s', async (_case, enabled, bought, given, kind, isRepeat) => {
    config.enabled = enabled;
    hasWon = bought;
    const { deal } = await opener.open(tx, given, MANAGER);
    expect(pipelines.defaultOf).toHaveBeenCalledWith(tx.manager, kind);
    expect(deal.isRepeat).toBe(isRepeat);
  });

  it('should not look for earlier purchases when repeat detection is off', async () => {
    config.enabled = false;
    await opener.open(tx, spec, MANAGER);
    expect(store.withWonDeals).not.toHaveBeenCalledWith(tx.manager, [spec.customerId]);
  });

  it.each([
    ['d-open', true],
    ['d-new', false],
  ])('should answer whether deal %s was opened already: %p', async (id, expected) => {
    expect(await opener.wasOpened(tx.manager, id)).toBe(expected);
  });

  it('should open the deal in the pipeline and with the id the spec names when it names them', async () => {
    const { deal } = await opener.open(tx, { ...spec, id: 'd-given', pipelineId: 'pl-given', isRepeat: true }, MANAGER);
    expect(pipelines.get).toHaveBeenCalledWith(tx.manager, 'pl-given');
    expect(deal).toMatchObject({ id: 'd-given', pipelineId: 'pl-given', isRepeat: true });
    expect(store.withWonDeals).not.toHaveBeenCalledWith(tx.manager, [spec.customerId]);
  });

  it('should open deals together with one insert each and one look-up per pipeline, each in its own pipeline and with its own event, in the order given', async () => {
    hasWon = false;
    const contexts: string[] = [];
    const opened = await opener.openMany(tx, [
      { spec: { ...spec, title: 'one' }, actor: MANAGER, within: (fn) => (contexts.push('one'), fn()) },
      { spec: { ...spec, title: 'two', channel: 'indirect' }, actor: MANAGER, within: (fn) => (contexts.push('two'), fn()) },
      { spec: { ...spec, title: 'three' }, actor: MANAGER, within: (fn) => (contexts.push('three'), fn()) },
    ]);
    expect(opened.map(({ deal }) => [deal.title, deal.pipelineId])).toEqual([
      ['one', 'default-new_business'],
      ['two', 'default-partner'],
      ['three', 'default-new_business'],
    ]);
    expect(pipelines.defaultOf).toHaveBeenCalledTimes(2);
    expect(store.withWonDeals).toHaveBeenCalledTimes(1);
    expect(store.insertMany).toHaveBeenCalledTimes(1);
    expect(history.recordMany).toHaveBeenCalledTimes(1);
    expect(contexts).toEqual(['one', 'two', 'three']);
    expect(created().map((event) => event.aggregateId)).toEqual(opened.map(({ deal }) => deal.id));
  });
});

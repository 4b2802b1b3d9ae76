import type { ActorV1 } from '@saleswire/contracts';
import { OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import type { Pipeline, PipelineService } from '../pipeline/pipeline.service';
import type { PipelineEntity, PipelineStageEntity } from '../pipeline/pipeline.entity';
import { DealEntity } from './deal.entity';
import type { DealStore } from './deal.store';
import type { DealTransactions } from './deal.transactions';
import { DealStageService } from './deal-stage.service';
import type { DealStageRecorder } from './deal-stage.recorder';

const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
const stages = [
  ['new', 'open', 10],
  ['proposal', 'open', 40],
  ['won', 'won', 100],
  ['lost', 'lost', 0],
].map(([code, semantics, probability]) => ({ code, semantics, probability }) as PipelineStageEntity);

function pipeline(requiresPayment = true): Pipeline {
  return { entity: { id: 'pl-1', requiresPayment } as PipelineEntity, stages };
}

function deal(patch: Partial<DealEntity> = {}): DealEntity {
  return Object.assign(new DealEntity(), {
    id: '01936f11-0000-7000-8000-0000000d0001',
    version: 1,
    customerId: '01936f10-0000-7000-8000-0000000c0001',
    pipelineId: 'pl-1',
    stage: 'new',
    status: 'open',
    probability: 10,
    amount: 1000,
    currency: 'EUR',
    paidAmount: 0,
    wonAt: null,
    closedAt: null,
    lostReason: null,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    updatedAt: new Date('2026-03-01T10:00:00Z'),
    ...patch,
  });
}

describe('DealStageService', () => {
  let tx: OutboxTransaction;
  let stored: DealEntity;
  let requiresPayment: boolean;
  const transactions = { command: jest.fn(<T>(work: (t: OutboxTransaction) => Promise<T>): Promise<T> => work(tx)) };
  const store = {
    lockVisible: jest.fn(async () => stored),
    save: jest.fn(async (_manager: EntityManager, changed: DealEntity) => Object.assign(new DealEntity(), changed, { version: changed.version + 1 })),
    teamOf: jest.fn(async () => []),
  };
  const pipelines = { get: jest.fn(async () => pipeline(requiresPayment)) };
  const recorder = { record: jest.fn(async () => undefined) };
  const service = new DealStageService(
    transactions as unknown as DealTransactions,
    store as unknown as DealStore,
    pipelines as unknown as PipelineService,
    recorder as unknown as DealStageRecorder,
  );

  beforeEach(() => {
    jest.clearAllMocks();
    tx = new OutboxTransaction({} as EntityManager, 'deals');
    stored = deal();
    requiresPayment = true;
  });

  it('should save the move and record it with the stage it came from when the policy allows it', async () => {
    const view = await service.moveStage(stored.id, { stage: 'proposal' }, MANAGER);
    expect(view).toMatchObject({ stage: 'proposal', probability: 40, status: 'open', version: 2 });
    expect(recorder.record).toHaveBeenCalledWith(tx, expect.objectContaining({ stage: 'proposal', version: 2 }), expect.objectContaining({ from: 'new', reason: null, wonBy: 'hand' }), MANAGER);
  });

  it('should keep the trimmed reason on the deal and on the move when it is lost', async () => {
    const view = await service.moveStage(stored.id, { stage: 'lost', reason: '  Chose a competitor ' }, MANAGER);
    expect(view).toMatchObject({ status: 'lost', lostReason: 'Chose a competitor', closedAt: expect.any(String) });
    expect(recorder.record).toHaveBeenCalledWith(tx, expect.anything(), expect.objectContaining({ reason: 'Chose a competitor' }), MANAGER);
  });

  it.each([
    ['lost without a reason', 'lost', undefined, 'reason', 'reason_required'],
    ['won by hand before payment', 'won', undefined, 'stage', 'not_paid'],
    ['a stage the pipeline does not have', 'negotiation', undefined, 'stage', 'unknown_stage'],
  ])('should answer 422 and save nothing when moved to %s', async (_case, stage, reason, field, code) => {
    await expect(service.moveStage(stored.id, { stage, reason }, MANAGER)).rejects.toMatchObject({ status: 422, code, errors: [{ field, message: code }] });
    expect(store.save).not.toHaveBeenCalled();
    expect(recorder.record).not.toHaveBeenCalled();
  });

  it('should answer 412 and save nothing when If-Match names a version the deal has moved past', async () => {
    stored = deal({ version: 3 });
    await expect(service.moveStage(stored.id, { stage: 'proposal' }, MANAGER, 2)).rejects.toMatchObject({ status: 412, title: 'Precondition failed' });
    expect(store.save).not.toHaveBeenCalled();
    expect(recorder.record).not.toHaveBeenCalled();
  });

  it.each([
    ['names the current version', 3],
    ['is not sent', undefined],
  ])('should move the deal when If-Match %s', async (_case, expectedVersion) => {
    stored = deal({ version: 3 });
    const view = await service.moveStage(stored.id, { stage: 'proposal' }, MANAGER, expectedVersion);
    expect(view).toMatchObject({ stage: 'proposal', version: 4 });
  });

  it('should win the deal by hand before payment when its pipeline does not require payment', async () => {
    requiresPayment = false;
    const view = await service.moveStage(stored.id, { stage: 'won' }, MANAGER);
    expect(view).toMatchObject({ status: 'won', paidAmount: 0, wonAt: expect.any(String) });
  });

  it('should answer 403 without opening a transaction when a partner user moves a deal', async () => {
    await expect(service.moveStage(stored.id, { stage: 'proposal' }, { id: 'pu-1', role: 'partner_user', partnerId: 'p-1' })).rejects.toMatchObject({ status: 403 });
    expect(transactions.command).not.toHaveBeenCalled();
  });
});

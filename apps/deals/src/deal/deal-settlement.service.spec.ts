import type { EntityManager } from 'typeorm';
import type { PaymentLedger } from '../payment/payment.ledger';
import type { PipelineEntity, PipelineStageEntity } from '../pipeline/pipeline.entity';
import type { PipelineService } from '../pipeline/pipeline.service';
import { DealEntity } from './deal.entity';
import { DealSettlementService } from './deal-settlement.service';

const manager = {} as EntityManager;
const LAST_PAID = new Date('2026-02-10T10:00:00Z');
const stages = [
  { code: 'payment', semantics: 'open', probability: 90 },
  { code: 'closed_ok', semantics: 'won', probability: 100 },
  { code: 'gone', semantics: 'lost', probability: 0 },
] as PipelineStageEntity[];

function deal(patch: Partial<DealEntity> = {}): DealEntity {
  return Object.assign(new DealEntity(), { id: 'd-1', pipelineId: 'pl-1', stage: 'payment', status: 'open', probability: 90, amount: 1000, paidAmount: 1000, wonAt: null, closedAt: null, ...patch });
}

describe('DealSettlementService', () => {
  const pipelines = { get: jest.fn(async () => ({ entity: { id: 'pl-1' } as PipelineEntity, stages })) };
  const payments = { lastPaidAt: jest.fn(async (): Promise<Date | null> => LAST_PAID) };
  const settlement = new DealSettlementService(pipelines as unknown as PipelineService, payments as unknown as PaymentLedger);

  beforeEach(() => jest.clearAllMocks());

  it('should move the deal to its pipeline’s won stage, dated by the covering payment, when a payment covers the amount', async () => {
    const covered = deal();
    const paidAt = new Date('2026-04-02T09:00:00Z');
    const move = await settlement.winIfPaid(manager, covered, paidAt);
    expect(move).toMatchObject({ from: 'payment', fromSemantics: 'open', wonBy: 'payment', reason: null, target: { code: 'closed_ok' } });
    expect(covered).toMatchObject({ stage: 'closed_ok', status: 'won', probability: 100, wonAt: paidAt, closedAt: expect.any(Date) });
    expect(payments.lastPaidAt).not.toHaveBeenCalled();
  });

  it('should date the purchase by the last payment when the amount was lowered to what is paid', async () => {
    const lowered = deal({ amount: 600, paidAmount: 600 });
    await settlement.winIfPaid(manager, lowered);
    expect(payments.lastPaidAt).toHaveBeenCalledWith(manager, 'd-1');
    expect(lowered.wonAt).toEqual(LAST_PAID);
  });

  it.each([
    ['part is paid', deal({ paidAmount: 999.99 })],
    ['nothing is paid', deal({ amount: 0, paidAmount: 0 })],
    ['the deal is won already', deal({ status: 'won', stage: 'closed_ok' })],
  ])('should leave the deal as it is and ask nothing when %s', async (_case, target) => {
    const before = { ...target };
    expect(await settlement.winIfPaid(manager, target)).toBeNull();
    expect(target).toEqual(before);
    expect(pipelines.get).not.toHaveBeenCalled();
    expect(payments.lastPaidAt).not.toHaveBeenCalled();
  });
});

import { type ActorV1, type EventEnvelope, PAYMENT_RECORDED_V1, type PaymentRecordedV1, type PaymentViewV1 } from '@saleswire/contracts';
import { type GroupedCommand, type GroupOutcome, OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import type { NewPayment, PaymentLedger } from '../payment/payment.ledger';
import { DealEntity } from './deal.entity';
import type { DealStore } from './deal.store';
import type { DealTransactions } from './deal.transactions';
import { DealPaymentService } from './deal-payment.service';
import type { DealSettlementService } from './deal-settlement.service';
import type { StageTransition } from './deal-stage.policy';
import type { DealStageRecorder } from './deal-stage.recorder';

const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
const WON: StageTransition = { from: 'payment', fromSemantics: 'open', target: { code: 'won', semantics: 'won', probability: 100 }, reason: null, wonBy: 'payment', at: new Date() };

function deal(patch: Partial<DealEntity> = {}): DealEntity {
  return Object.assign(new DealEntity(), {
    id: '01936f11-0000-7000-8000-0000000d0001',
    version: 2,
    customerId: '01936f10-0000-7000-8000-0000000c0001',
    pipelineId: '01936f13-0000-7000-8000-0000000f0001',
    stage: 'payment',
    status: 'open',
    amount: 1000,
    currency: 'EUR',
    paidAmount: 400,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    updatedAt: new Date('2026-03-01T10:00:00Z'),
    ...patch,
  });
}

describe('DealPaymentService', () => {
  let tx: OutboxTransaction;
  let stored: DealEntity;
  let move: StageTransition | null;
  // DealTransactions.group(name, apply): each payment is recorded in a group of one.
  let apply: (t: OutboxTransaction, commands: Array<GroupedCommand<unknown>>) => Promise<Array<GroupOutcome<unknown>>>;
  const run = jest.fn(async (input: unknown) => {
    const [outcome] = await apply(tx, [{ input, within: (fn) => fn() }]);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  });
  const transactions = {
    group: jest.fn((_name: string, groupApply: typeof apply) => {
      apply = groupApply;
      return { run };
    }),
  };
  const store = {
    lockVisibleMany: jest.fn(async () => [stored]),
    findLockedVisible: jest.fn(async () => stored),
    setPaid: jest.fn(
      async (_manager: EntityManager, totals: Array<{ id: string; paidAmount: number; writes: number }>) =>
        new Map(totals.map(({ id, paidAmount, writes }) => [id, Object.assign(new DealEntity(), stored, { paidAmount, version: stored.version + writes })])),
    ),
    save: jest.fn(async (_manager: EntityManager, changed: DealEntity) => Object.assign(new DealEntity(), changed, { version: changed.version + 1 })),
    teamOf: jest.fn(async () => []),
  };
  const payments = {
    addMany: jest.fn(async (_manager: EntityManager, added: NewPayment[]): Promise<PaymentViewV1[]> =>
      added.map((payment) => ({
        id: 'pay-1',
        dealId: payment.dealId,
        amount: payment.amount,
        currency: payment.currency,
        paidAt: payment.paidAt.toISOString(),
        reference: payment.reference ?? null,
        createdAt: '2026-04-02T10:00:00.000Z',
      })),
    ),
  };
  const settlement = { winIfPaid: jest.fn(async () => move) };
  const recorder = { record: jest.fn(async () => undefined) };
  const service = new DealPaymentService(
    transactions as unknown as DealTransactions,
    store as unknown as DealStore,
    payments as unknown as PaymentLedger,
    settlement as unknown as DealSettlementService,
    recorder as unknown as DealStageRecorder,
  );
  const recorded = (): Array<EventEnvelope<PaymentRecordedV1>> =>
    tx.events.filter((event): event is EventEnvelope<PaymentRecordedV1> => event.type === PAYMENT_RECORDED_V1.type);
  const pay = (amount: number, currency = 'EUR') =>
    service.record(stored.id, { amount, currency, paidAt: '2026-04-02T09:00:00Z', reference: 'INV-1' }, MANAGER);

  beforeEach(() => {
    jest.clearAllMocks();
    tx = new OutboxTransaction({} as EntityManager, 'deals');
    stored = deal();
    move = null;
  });

  it('should add the payment to the ledger and the deal, and publish it uncovered, when part is paid', async () => {
    const result = await pay(100.1);
    expect(payments.addMany).toHaveBeenCalledWith(tx.manager, [expect.objectContaining({ dealId: stored.id, amount: 100.1, currency: 'EUR', reference: 'INV-1', recordedBy: MANAGER.id })]);
    expect(store.setPaid).toHaveBeenCalledWith(tx.manager, [{ id: stored.id, paidAmount: 500.1, writes: 1 }]);
    expect(result.deal).toMatchObject({ paidAmount: 500.1, status: 'open', version: 3 });
    expect(result.payment).toMatchObject({ id: 'pay-1', amount: 100.1 });
    expect(recorded()).toEqual([expect.objectContaining({ aggregateVersion: 3, payload: expect.objectContaining({ paymentId: 'pay-1', paidAmount: 500.1, covered: false }) })]);
    expect(recorder.record).not.toHaveBeenCalled();
    expect(store.save).not.toHaveBeenCalled();
  });

  it('should ask the payment rule with the date of this payment and record the win after payment-recorded when it covers the amount', async () => {
    move = WON;
    let emittedBefore: string[] = [];
    recorder.record.mockImplementationOnce(async () => {
      emittedBefore = tx.events.map((event) => event.type);
    });
    await pay(600);
    // The covering payment goes alone: the deal read again under its lock, saved with its win.
    expect(store.findLockedVisible).toHaveBeenCalledWith(tx.manager, stored.id, MANAGER);
    expect(store.setPaid).toHaveBeenCalledWith(tx.manager, []);
    expect(settlement.winIfPaid).toHaveBeenCalledWith(tx.manager, expect.objectContaining({ paidAmount: 1000 }), new Date('2026-04-02T09:00:00Z'));
    expect(recorded()[0].payload).toMatchObject({ covered: true, paidAmount: 1000 });
    expect(recorder.record).toHaveBeenCalledWith(tx, expect.objectContaining({ version: 3 }), WON, MANAGER);
    expect(emittedBefore).toEqual([PAYMENT_RECORDED_V1.type]);
  });

  it.each([
    ['the payment is in another currency', deal(), 'USD', 'currency'],
    ['the deal is lost', deal({ status: 'lost', stage: 'lost' }), 'EUR', 'amount'],
    ['the deal has no amount', deal({ amount: null }), 'EUR', 'amount'],
  ])('should answer 422 and store nothing when %s', async (_case, target, currency, field) => {
    stored = target;
    await expect(pay(10, currency)).rejects.toMatchObject({ status: 422, errors: [expect.objectContaining({ field })] });
    expect(payments.addMany).toHaveBeenCalledWith(tx.manager, []);
    expect(store.setPaid).toHaveBeenCalledWith(tx.manager, []);
    expect(store.save).not.toHaveBeenCalled();
  });

  it('should answer 403 without opening a transaction when a partner user records a payment', async () => {
    await expect(service.record(stored.id, { amount: 1, currency: 'EUR', paidAt: '2026-04-02T09:00:00Z' }, { id: 'pu-1', role: 'partner_user', partnerId: 'p-1' })).rejects.toMatchObject({ status: 403 });
    expect(run).not.toHaveBeenCalled();
  });
});

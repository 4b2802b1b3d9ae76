import { type ActorV1, DEAL_UPDATED_V1, type DealUpdatedV1, type EventEnvelope } from '@saleswire/contracts';
import { OutboxTransaction, ProblemError, type UserDirectory } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import { DealEntity, type DealTeamMemberEntity } from './deal.entity';
import type { DealStore } from './deal.store';
import type { DealTransactions } from './deal.transactions';
import type { DealSettlementService } from './deal-settlement.service';
import type { StageTransition } from './deal-stage.policy';
import type { DealStageRecorder } from './deal-stage.recorder';
import { applyChanges, DealUpdateService } from './deal-update.service';

const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };

function deal(patch: Partial<DealEntity> = {}): DealEntity {
  return Object.assign(new DealEntity(), {
    id: '01936f11-0000-7000-8000-0000000d0001',
    version: 2,
    title: 'Scanners',
    customerId: '01936f10-0000-7000-8000-0000000c0001',
    pipelineId: '01936f13-0000-7000-8000-0000000f0001',
    stage: 'payment',
    status: 'open',
    probability: 90,
    amount: 1000,
    currency: 'EUR',
    paidAmount: 600,
    type: 'consultative',
    channel: 'direct',
    partnerId: null,
    ownerId: MANAGER.id,
    expectedCloseDate: null,
    direction: null,
    source: null,
    marketingEventId: null,
    leadId: null,
    registrationId: null,
    isRepeat: false,
    lostReason: null,
    wonAt: null,
    closedAt: null,
    createdBy: MANAGER.id,
    createdAt: new Date('2026-03-01T10:00:00Z'),
    updatedAt: new Date('2026-03-01T10:00:00Z'),
    ...patch,
  });
}

describe('DealUpdateService', () => {
  let tx: OutboxTransaction;
  let stored: DealEntity;
  let won: StageTransition | null;
  const team: DealTeamMemberEntity[] = [];
  const transactions = { run: jest.fn(<T>(work: (t: OutboxTransaction) => Promise<T>): Promise<T> => work(tx)) };
  const store = {
    lockVisible: jest.fn(async () => stored),
    save: jest.fn(async (_manager: EntityManager, changed: DealEntity) => Object.assign(new DealEntity(), changed, { version: changed.version + 1 })),
    teamOf: jest.fn(async () => team),
    replaceTeam: jest.fn(async () => team),
  };
  const settlement = { winIfPaid: jest.fn(async () => won) };
  const recorder = { record: jest.fn(async () => undefined) };
  const service = new DealUpdateService(
    transactions as unknown as DealTransactions,
    store as unknown as DealStore,
    settlement as unknown as DealSettlementService,
    recorder as unknown as DealStageRecorder,
    { assertActive: jest.fn(async () => undefined) } as unknown as UserDirectory,
  );
  const updated = (): Array<EventEnvelope<DealUpdatedV1>> =>
    tx.events.filter((event): event is EventEnvelope<DealUpdatedV1> => event.type === DEAL_UPDATED_V1.type);

  beforeEach(() => {
    jest.clearAllMocks();
    tx = new OutboxTransaction({} as EntityManager, 'deals');
    stored = deal();
    won = null;
  });

  it('should save the change and publish deal.updated naming the changed fields when the version matches', async () => {
    const view = await service.update(stored.id, 2, { title: ' Bigger ', amount: 2000, currency: 'EUR' }, MANAGER);
    expect(view).toMatchObject({ title: 'Bigger', amount: 2000, version: 3 });
    expect(updated()).toEqual([expect.objectContaining({ aggregateVersion: 3, payload: expect.objectContaining({ changed: ['title', 'amount'], amount: 2000 }) })]);
    expect(recorder.record).not.toHaveBeenCalled();
  });

  it('should answer 412 and save nothing when the version is stale', async () => {
    await expect(service.update(stored.id, 1, { title: 'x' }, MANAGER)).rejects.toMatchObject({ status: 412 });
    expect(store.save).not.toHaveBeenCalled();
  });

  it('should answer 422 and save nothing when the amount of a closed deal changes', async () => {
    stored = deal({ status: 'won', stage: 'won' });
    await expect(service.update(stored.id, 2, { amount: 10 }, MANAGER)).rejects.toMatchObject({ status: 422, errors: [{ field: 'amount', message: 'deal is closed' }] });
    expect(store.save).not.toHaveBeenCalled();
  });

  it('should answer 403 without opening a transaction when a partner user changes a deal', async () => {
    const error = await service.update(stored.id, 2, { title: 'x' }, { id: 'pu-1', role: 'partner_user', partnerId: 'p-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status: 403 });
    expect(transactions.run).not.toHaveBeenCalled();
  });

  it('should keep the version and publish nothing when nothing changes', async () => {
    const view = await service.update(stored.id, 2, { title: 'Scanners', currency: 'EUR' }, MANAGER);
    expect(view.version).toBe(2);
    expect(store.save).not.toHaveBeenCalled();
    expect(tx.events).toEqual([]);
  });

  it('should not ask the payment rule when the amount did not change', async () => {
    await service.update(stored.id, 2, { title: 'Other' }, MANAGER);
    expect(settlement.winIfPaid).not.toHaveBeenCalled();
  });

  it('should record the won move after deal.updated when the amount is lowered to what is paid', async () => {
    won = { from: 'payment', fromSemantics: 'open', target: { code: 'won', semantics: 'won', probability: 100 }, reason: null, wonBy: 'payment', at: new Date() };
    let emittedBefore: string[] = [];
    recorder.record.mockImplementationOnce(async () => {
      emittedBefore = tx.events.map((event) => event.type);
    });
    await service.update(stored.id, 2, { amount: 600 }, MANAGER);
    expect(settlement.winIfPaid).toHaveBeenCalledWith(tx.manager, stored);
    expect(recorder.record).toHaveBeenCalledWith(tx, expect.objectContaining({ version: 3, amount: 600 }), won, MANAGER);
    expect(emittedBefore).toEqual([DEAL_UPDATED_V1.type]);
  });

  it('should replace the team and name it changed when a team is given', async () => {
    const members = [{ userId: '01936f0e-8a4b-7c3d-9e2f-0000000000ab', role: 'engineer' }];
    await service.update(stored.id, 2, { team: members }, MANAGER);
    expect(store.replaceTeam).toHaveBeenCalledWith(tx.manager, stored.id, members);
    expect(updated()[0].payload.changed).toEqual(['team']);
  });
});

describe('applyChanges', () => {
  it.each([
    ['the same values, the currency given as stored', { title: 'Scanners', amount: 1000, currency: 'EUR' }, []],
    ['a new owner and close date', { ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000ab', expectedCloseDate: '2026-06-30T00:00:00Z' }, ['ownerId', 'expectedCloseDate']],
    ['a trimmed title equal to the stored one', { title: '  Scanners ' }, []],
    ['a new type', { type: 'project' }, ['type']],
  ] as const)('should answer the changed fields when given %s', (_case, input, expected) => {
    expect(applyChanges(deal(), input)).toEqual(expected);
  });

  it('should keep the date part only when a close date is given with a time', () => {
    const changed = deal();
    applyChanges(changed, { expectedCloseDate: '2026-06-30T00:00:00Z' });
    expect(changed.expectedCloseDate).toBe('2026-06-30');
  });
});

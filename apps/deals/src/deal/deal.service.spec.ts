import { type ActorV1, type CreateDealInputV1, SYSTEM_ACTOR } from '@saleswire/contracts';
import { type GroupApply, type ProblemError, type Outbox, OutboxTransaction, type UserDirectory } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import type { CustomerService } from '../customer/customer.service';
import { DealEntity } from './deal.entity';
import type { DealOpener, DealToOpen } from './deal.opener';
import { DealService } from './deal.service';

const MANAGER: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null };
const CHANNEL: ActorV1 = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null };
const input: CreateDealInputV1 = { title: 'Scanners', customerId: '01936f10-0000-7000-8000-0000000c0001', amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' };

describe('DealService', () => {
  let tx: OutboxTransaction;
  let visible: boolean;
  // Outbox.group(name, apply): a command runs its prepare, then alone in a group of one.
  let apply: GroupApply<unknown, unknown>;
  const run = jest.fn(async (input: unknown, prepare?: (input: unknown) => Promise<void>): Promise<unknown> => {
    await prepare?.(input);
    const [outcome] = await apply(tx, [{ input, within: (fn) => fn() }]);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  });
  const outbox = {
    group: jest.fn((_name: string, groupApply: GroupApply<unknown, unknown>) => {
      apply = groupApply;
      return { run };
    }),
  };
  const directory = { assertActive: jest.fn(async () => undefined) };
  const customers = {
    visibleIds: jest.fn(async (_manager: EntityManager, ids: string[]) => new Set(visible ? ids : [])),
  };
  // DealOpener.openMany: each deal asked for, opened in the order given.
  const opener = {
    openMany: jest.fn(async (_tx: OutboxTransaction, deals: DealToOpen[]) =>
      deals.map(({ spec }) => ({
        deal: Object.assign(new DealEntity(), { id: `d-${spec.title}`, title: spec.title, status: 'open', stage: 'new', createdAt: new Date(), updatedAt: new Date() }),
        team: [],
      })),
    ),
  };
  const service = new DealService(outbox as unknown as Outbox, customers as unknown as CustomerService, opener as unknown as DealOpener, directory as unknown as UserDirectory);

  beforeEach(() => {
    jest.clearAllMocks();
    tx = new OutboxTransaction({} as EntityManager, 'deals');
    visible = true;
  });

  it('should open the deal owned by the manager for a customer the manager sees', async () => {
    const view = await service.create(input, MANAGER);
    expect(view).toMatchObject({ id: 'd-Scanners', stage: 'new' });
    expect(customers.visibleIds).toHaveBeenCalledWith(tx.manager, [input.customerId], MANAGER);
    expect(opener.openMany).toHaveBeenCalledWith(tx, [expect.objectContaining({ spec: expect.objectContaining({ title: 'Scanners', ownerId: MANAGER.id }), actor: MANAGER })]);
  });

  it('should keep the owner the input names when it names one', async () => {
    await service.create({ ...input, ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000ab' }, MANAGER);
    expect(opener.openMany).toHaveBeenCalledWith(tx, [expect.objectContaining({ spec: expect.objectContaining({ ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000ab' }) })]);
  });

  it('should leave the deal without an owner when the system opens it', async () => {
    await service.create(input, SYSTEM_ACTOR);
    expect(opener.openMany).toHaveBeenCalledWith(tx, [expect.objectContaining({ spec: expect.objectContaining({ ownerId: null }), actor: SYSTEM_ACTOR })]);
  });

  it('should look for the customer among all of them when a channel manager opens an indirect deal', async () => {
    await service.create({ ...input, channel: 'indirect', partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01' }, CHANNEL);
    expect(customers.visibleIds).toHaveBeenCalledWith(tx.manager, [input.customerId], SYSTEM_ACTOR);
  });

  it('should answer 422 on customerId and open nothing when the customer is out of sight', async () => {
    visible = false;
    await expect(service.create(input, MANAGER)).rejects.toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'customerId' })] });
    expect(opener.openMany).toHaveBeenCalledWith(tx, []);
  });

  it.each([
    ['a partner user opens a deal', { id: 'pu-1', role: 'partner_user', partnerId: 'p-1' } as ActorV1, input],
    ['a channel manager opens a direct deal', CHANNEL, input],
  ])('should answer 403 without opening a transaction when %s', async (_case, actor, body) => {
    await expect(service.create(body, actor)).rejects.toMatchObject({ status: 403 });
    expect(run).not.toHaveBeenCalled();
  });

  it('should open a group of deals together and refuse alone the one whose customer its caller cannot see', async () => {
    const hidden = '01936f10-0000-7000-8000-0000000c0999';
    customers.visibleIds.mockImplementationOnce(async (_manager: EntityManager, ids: string[]) => new Set(ids.filter((id) => id !== hidden)));
    const commands = ['a', 'b', 'c'].map((title) => ({ input: { input: { ...input, title, customerId: title === 'b' ? hidden : input.customerId }, actor: MANAGER }, within: <T>(fn: () => T) => fn() }));
    const outcomes = await apply(tx, commands);
    expect(outcomes.map((o) => (o.ok ? (o.value as { id: string }).id : (o.error as ProblemError).status))).toEqual(['d-a', 422, 'd-c']);
    expect(customers.visibleIds).toHaveBeenCalledTimes(1);
    expect(opener.openMany).toHaveBeenCalledWith(tx, [expect.objectContaining({ spec: expect.objectContaining({ title: 'a' }) }), expect.objectContaining({ spec: expect.objectContaining({ title: 'c' }) })]);
  });
});

import { Logger } from '@nestjs/common';
import { type ActorV1, DEAL_UPDATED_V1, DEAL_WON_V1, dealUpdatedV1Fixture, dealWonV1Fixture } from '@saleswire/contracts';
import { type Outbox, OutboxTransaction } from '@saleswire/messaging';
import type { EntityManager } from 'typeorm';
import type { PurchaseListener } from './deal.ports';
import { DealTransactions } from './deal.transactions';

const actor: ActorV1 = dealWonV1Fixture.actor;
const won = (customerId: string) => ({ aggregateId: 'd-1', aggregateVersion: 2, actor, payload: { ...dealWonV1Fixture.payload, customerId } });

describe('DealTransactions', () => {
  let committed: boolean;
  let heardAfterCommit: boolean[];
  let recordedBeforeCommit: boolean[];
  const commit = async <T>(work: (tx: OutboxTransaction) => Promise<T>): Promise<T> => {
    const value = await work(new OutboxTransaction({} as EntityManager, 'deals'));
    committed = true;
    return value;
  };
  const outbox = { transaction: jest.fn(commit), command: jest.fn(commit) };
  const listener = {
    recordPurchase: jest.fn(async (_manager: EntityManager, _customerId: string): Promise<void> => {
      recordedBeforeCommit.push(!committed);
    }),
    purchased: jest.fn(async (_customerId: string): Promise<void> => {
      heardAfterCommit.push(committed);
    }),
  };
  const transactions = new DealTransactions(outbox as unknown as Outbox, listener as PurchaseListener);

  beforeEach(() => {
    jest.clearAllMocks();
    committed = false;
    heardAfterCommit = [];
    recordedBeforeCommit = [];
  });

  it('should record each buyer’s purchase once inside the transaction when the change won deals', async () => {
    await transactions.run(async (tx) => {
      tx.emit(DEAL_WON_V1, won('c-1'));
      tx.emit(DEAL_WON_V1, won('c-1'));
      tx.emit(DEAL_WON_V1, won('c-2'));
    });
    expect(listener.recordPurchase.mock.calls.map(([, customerId]) => customerId)).toEqual(['c-1', 'c-2']);
    expect(recordedBeforeCommit).toEqual([true, true]);
  });

  it('should tell the listener of the customer of each deal won, after the commit, when the change won deals', async () => {
    const result = await transactions.run(async (tx) => {
      tx.emit(DEAL_WON_V1, won('c-1'));
      tx.emit(DEAL_UPDATED_V1, { aggregateId: 'd-2', aggregateVersion: 3, actor, payload: dealUpdatedV1Fixture.payload });
      tx.emit(DEAL_WON_V1, won('c-2'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(listener.purchased.mock.calls).toEqual([['c-1'], ['c-2']]);
    expect(heardAfterCommit).toEqual([true, true]);
  });

  it('should tell the listener after the commit when a command won a deal, and run it as a command', async () => {
    await transactions.command(async (tx) => tx.emit(DEAL_WON_V1, won('c-3')));
    expect(outbox.command).toHaveBeenCalledTimes(1);
    expect(outbox.transaction).not.toHaveBeenCalled();
    expect(listener.purchased.mock.calls).toEqual([['c-3']]);
    expect(heardAfterCommit).toEqual([true]);
  });

  it('should tell the listener nothing when the change won no deal', async () => {
    await transactions.run(async (tx) => {
      tx.emit(DEAL_UPDATED_V1, { aggregateId: 'd-2', aggregateVersion: 3, actor, payload: dealUpdatedV1Fixture.payload });
    });
    expect(listener.purchased).not.toHaveBeenCalled();
  });

  it('should tell the listener nothing when the change fails', async () => {
    const failing = transactions.run(async (tx) => {
      tx.emit(DEAL_WON_V1, won('c-1'));
      throw new Error('refused');
    });
    await expect(failing).rejects.toThrow('refused');
    expect(listener.purchased).not.toHaveBeenCalled();
  });

  it('should answer the committed change and log the failure when the listener fails', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    listener.purchased.mockRejectedValueOnce(new Error('rhythm check failed'));
    await expect(transactions.run(async (tx) => tx.emit(DEAL_WON_V1, won('c-1')).eventId)).resolves.toEqual(expect.any(String));
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ customerId: 'c-1', error: 'rhythm check failed' }));
    warn.mockRestore();
  });
});

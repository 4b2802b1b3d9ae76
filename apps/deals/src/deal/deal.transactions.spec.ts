import { Logger } from '@nestjs/common';
import { type ActorV1, DEAL_UPDATED_V1, DEAL_WON_V1, dealUpdatedV1Fixture, dealWonV1Fixture } from '@saleswire/contracts';
import { applied, CommandGroup, oneByOneOrRefused, refused, type CommandGroupOptions, type CommandGroupRunner, type GroupApply, type GroupedCommand, type Outbox, OutboxTransaction } from '@saleswire/messaging';
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

describe('DealTransactions.group', () => {
  let log: string[];
  const commit = async <T>(work: (tx: OutboxTransaction) => Promise<T>): Promise<T> => {
    const value = await work(new OutboxTransaction({} as EntityManager, 'deals'));
    log.push('commit');
    return value;
  };
  // The real CommandGroup on a runner whose transaction only logs its commit, and whose request keys are all free.
  const keys = { claimMany: async () => new Map(), completeMany: async () => undefined, release: async () => undefined, find: async () => null };
  const runner = { keys: keys as unknown as CommandGroupRunner['keys'], manager: {} as EntityManager, transaction: commit };
  const outbox = {
    group: jest.fn(<I, R>(name: string, apply: GroupApply<I, R>, options?: CommandGroupOptions) => new CommandGroup(name, runner, apply, { ...options, maxInFlight: 1 })),
  };
  const listener = {
    recordPurchase: jest.fn(async (_manager: EntityManager, customerId: string): Promise<void> => {
      log.push(`record ${customerId}`);
    }),
    purchased: jest.fn(async (customerId: string): Promise<void> => {
      log.push(`told ${customerId}`);
    }),
  };
  const transactions = new DealTransactions(outbox as unknown as Outbox, listener as PurchaseListener);

  beforeEach(() => {
    jest.clearAllMocks();
    log = [];
  });

  it('should record each buyer once in its group’s transaction and tell them once after that commit when grouped commands win deals', async () => {
    // A set-based apply: every command of the group wins its customer's deal.
    const group = transactions.group('win', async (tx, commands: Array<GroupedCommand<{ customerId: string }>>) =>
      commands.map(({ input }) => applied(tx.emit(DEAL_WON_V1, won(input.customerId)).payload.customerId)),
    );
    const answers = await Promise.all(['c-1', 'c-2', 'c-3', 'c-2'].map((customerId) => group.run({ customerId })));
    expect(answers).toEqual(['c-1', 'c-2', 'c-3', 'c-2']);
    // c-1 finds the group idle and goes alone; the others wait for it and share the next transaction, where c-2's
    // two wins are one purchase to record and to tell.
    expect(log).toEqual(['record c-1', 'commit', 'told c-1', 'record c-2', 'record c-3', 'commit', 'told c-2', 'told c-3']);
  });

  it('should tell nothing of a command refused or failed in its group, and tell its neighbours after they committed', async () => {
    const group = transactions.group('win', oneByOneOrRefused(async (tx, input: { customerId: string }) => {
      if (input.customerId === 'refused') return refused<string>(new Error('refused'));
      // A change that fails after it emitted (a failed statement) fails its group, which is applied again alone.
      const eventId = tx.emit(DEAL_WON_V1, won(input.customerId)).eventId;
      if (input.customerId === 'failing') throw new Error('failed statement');
      return applied(eventId);
    }));
    const settled = await Promise.allSettled(['c-1', 'c-2', 'refused', 'failing', 'c-3'].map((customerId) => group.run({ customerId })));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(listener.purchased.mock.calls.map(([customerId]) => customerId).sort()).toEqual(['c-1', 'c-2', 'c-3']);
    // Each purchase was told after the commit that recorded it (the group that failed committed nothing).
    for (const customerId of ['c-1', 'c-2', 'c-3']) {
      const told = log.indexOf(`told ${customerId}`);
      expect(log.slice(log.lastIndexOf(`record ${customerId}`), told)).toContain('commit');
    }
  });
});

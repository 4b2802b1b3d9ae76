import type { Socket } from 'node:net';
import { DataSource, type EntityManager } from 'typeorm';
import { buildDataSourceOptions } from './database.config';
import { queryNamed } from './named-query';
import { LoopBatchedSocket } from './pg-connection';
import { queryAtCommit, readWithSettings, runTransaction } from './transaction';

/** The socket of the connection a transaction's manager holds. */
async function socketOf(manager: EntityManager): Promise<Socket> {
  const client = (await manager.queryRunner!.connect()) as { connection: { stream: Socket } };
  return client.connection.stream;
}

/** Counts the writes the socket hands to the system from now on, one call of `_write` or `_writev` each. */
function countWrites(socket: Socket): { count: () => number } {
  let writes = 0;
  const internals = socket as unknown as Partial<Record<'_write' | '_writev', (...args: unknown[]) => unknown>>;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method]!;
    internals[method] = (...args: unknown[]) => {
      writes += 1;
      return original.apply(socket, args);
    };
  }
  return {
    count: () => {
      // Back to the socket's own methods: the connection goes back to the pool.
      delete internals._write;
      delete internals._writev;
      return writes;
    },
  };
}

// libs/testing depends on this lib, so this suite makes its own schema.
const SCHEMA = `database_tx_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();

describe('runTransaction (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA }, { entities: [], migrations: [], applicationName: 'transaction-spec' }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".account (id int PRIMARY KEY, balance int NOT NULL)`);
    await dataSource.query(`INSERT INTO "${SCHEMA}".account VALUES (1, 0), (2, 0)`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  it('should commit what the work did and answer its value', async () => {
    const value = await runTransaction(dataSource, async (manager) => {
      await manager.query(`UPDATE "${SCHEMA}".account SET balance = balance + 5 WHERE id = 1`);
      return 'done';
    });
    expect(value).toBe('done');
    const [row] = await dataSource.query(`SELECT balance FROM "${SCHEMA}".account WHERE id = 1`);
    expect(row.balance).toBe(5);
  });

  it('should roll back and throw when the work fails for a reason of its own', async () => {
    const failing = runTransaction(dataSource, async (manager) => {
      await manager.query(`UPDATE "${SCHEMA}".account SET balance = balance + 100 WHERE id = 2`);
      throw new Error('refused');
    });
    await expect(failing).rejects.toThrow('refused');
    const [row] = await dataSource.query(`SELECT balance FROM "${SCHEMA}".account WHERE id = 2`);
    expect(row.balance).toBe(0);
  });

  it('should run the whole work again when PostgreSQL breaks a deadlock by rolling it back, so both changes land once', async () => {
    let runs = 0;
    let bothLocked!: () => void;
    const firstLocks = new Promise<void>((resolve) => (bothLocked = resolve));
    let locked = 0;
    // Two transactions take the two rows in opposite order: PostgreSQL rolls one back with 40P01.
    const transfer = (from: number, to: number) =>
      runTransaction(dataSource, async (manager) => {
        runs++;
        await manager.query(`UPDATE "${SCHEMA}".account SET balance = balance - 1 WHERE id = $1`, [from]);
        if (++locked === 2) bothLocked();
        await firstLocks;
        await manager.query(`UPDATE "${SCHEMA}".account SET balance = balance + 1 WHERE id = $1`, [to]);
      });
    const before = await dataSource.query(`SELECT id, balance FROM "${SCHEMA}".account ORDER BY id`);
    await Promise.all([transfer(1, 2), transfer(2, 1)]);
    expect(runs).toBe(3);
    const after = await dataSource.query(`SELECT id, balance FROM "${SCHEMA}".account ORDER BY id`);
    expect(after).toEqual(before);
  });

  it('should not run the work again after an error of the work itself that looks like nothing transient', async () => {
    let runs = 0;
    const failing = runTransaction(dataSource, async (manager) => {
      runs++;
      await manager.query(`INSERT INTO "${SCHEMA}".account VALUES (1, 0)`); // duplicate key
    });
    await expect(failing).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(runs).toBe(1);
  });

  describe('on a pipelined connection (ADR 0028)', () => {
    const balance = async (id: number): Promise<number> =>
      (await dataSource.query(`SELECT balance FROM "${SCHEMA}".account WHERE id = $1`, [id]))[0].balance;

    it('should send BEGIN with the first statement and the last writes with COMMIT: two writes for the whole transaction', async () => {
      const before = await balance(1);
      let writes!: { count: () => number };
      const read = await runTransaction(dataSource, async (manager) => {
        const socket = await socketOf(manager);
        expect(socket).toBeInstanceOf(LoopBatchedSocket);
        writes = countWrites(socket);
        const [row] = await queryNamed<Array<{ balance: number }>>(manager, `SELECT balance FROM "${SCHEMA}".account WHERE id = $1`, [1]);
        await queryAtCommit(manager, `UPDATE "${SCHEMA}".account SET balance = balance + 1 WHERE id = $1`, [1]);
        await queryAtCommit(manager, `UPDATE "${SCHEMA}".account SET balance = balance * 2 WHERE id = $1`, [1]);
        return row.balance;
      });
      // BEGIN and the SELECT; the two updates, in their order, and COMMIT. Unbatched it was five.
      expect(writes.count()).toBe(2);
      expect(read).toBe(before);
      expect(await balance(1)).toBe((before + 1) * 2);
    });

    it('should fail the transaction with the error of a last write, and commit none of it', async () => {
      const before = await balance(2);
      const failing = runTransaction(dataSource, async (manager) => {
        await manager.query(`UPDATE "${SCHEMA}".account SET balance = balance + 7 WHERE id = 2`);
        await queryAtCommit(manager, `INSERT INTO "${SCHEMA}".account VALUES ($1, 0)`, [2]); // duplicate key
      });
      await expect(failing).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
      expect(await balance(2)).toBe(before);
      // The connection went back to the pool out of any transaction: the next ones on it commit.
      for (let i = 0; i < 12; i++) await runTransaction(dataSource, (manager) => manager.query(`UPDATE "${SCHEMA}".account SET balance = balance + 1 WHERE id = 2`));
      expect(await balance(2)).toBe(before + 12);
    });

    it('should throw, not answer, when PostgreSQL rolls back at COMMIT because the work swallowed a failed statement', async () => {
      const before = await balance(1);
      const swallowing = runTransaction(dataSource, async (manager) => {
        await manager.query(`UPDATE "${SCHEMA}".account SET balance = balance + 3 WHERE id = 1`);
        await manager.query(`INSERT INTO "${SCHEMA}".account VALUES (1, 0)`).catch(() => undefined);
        return 'answered';
      });
      await expect(swallowing).rejects.toThrow(/rolled back at its COMMIT/);
      expect(await balance(1)).toBe(before);
    });

    describe('readWithSettings', () => {
      /** Counts the writes of the connection the next query runner of `dataSource` takes. */
      function writesOfNextRunner(): { count: () => number } {
        const create = dataSource.createQueryRunner.bind(dataSource);
        let writes: { count: () => number } | undefined;
        const spy = jest.spyOn(dataSource, 'createQueryRunner').mockImplementationOnce((...args) => {
          const runner = create(...args);
          const connect = runner.connect.bind(runner);
          runner.connect = async () => {
            const client = (await connect()) as { connection: { stream: Socket } };
            writes = countWrites(client.connection.stream);
            return client;
          };
          return runner;
        });
        return {
          count: () => {
            spy.mockRestore();
            return writes!.count();
          },
        };
      }

      it('should read under its settings in one write, BEGIN, settings, read and COMMIT, the settings gone after it', async () => {
        const writes = writesOfNextRunner();
        const rows = await readWithSettings<{ bitmap: string; balance: number }>(
          dataSource,
          ['SET LOCAL enable_bitmapscan = off', 'SET LOCAL work_mem = 1024'],
          `SELECT current_setting('enable_bitmapscan') AS bitmap, balance FROM "${SCHEMA}".account WHERE id = $1`,
          [1],
        );
        expect(writes.count()).toBe(1);
        expect(rows).toEqual([{ bitmap: 'off', balance: await balance(1) }]);
        // Local to its transaction: every connection of the pool is back to the server's setting.
        const after = await Promise.all(Array.from({ length: 12 }, () => dataSource.query(`SELECT current_setting('enable_bitmapscan') AS bitmap`)));
        expect(new Set(after.map(([row]) => row.bitmap))).toEqual(new Set(['on']));
      });

      it("should throw the read's error and leave no transaction open on its connection", async () => {
        await expect(readWithSettings(dataSource, ['SET LOCAL enable_bitmapscan = off'], `SELECT 1 / (balance - balance) FROM "${SCHEMA}".account WHERE id = $1`, [1])).rejects.toMatchObject({
          driverError: expect.objectContaining({ code: '22012' }),
        });
        const open = await Promise.all(Array.from({ length: 12 }, () => dataSource.query(`SELECT transaction_timestamp() = statement_timestamp() AS alone`)));
        expect(new Set(open.map(([row]) => row.alone))).toEqual(new Set([true]));
        await expect(readWithSettings(dataSource, ['SET LOCAL no_such_setting = 1'], 'SELECT 1', [])).rejects.toThrow(/no_such_setting/);
      });
    });

    it('should run a last write at once where there is no transaction of runTransaction', async () => {
      const before = await balance(2);
      await queryAtCommit(dataSource.manager, `UPDATE "${SCHEMA}".account SET balance = balance + 5 WHERE id = $1`, [2]);
      expect(await balance(2)).toBe(before + 5);
    });
  });
});

import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './database.config';
import { runTransaction } from './transaction';

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
});

// Not part of `npm test` (jest's testMatch leaves *.bench-spec.ts out). What one small transaction costs when its BEGIN
// and COMMIT ride with its statements (ADR 0028), against the same statements each awaited, as before:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/saleswire_test npx jest -c jest.config.cjs \
//     --selectProjects database --testMatch '**/transaction.bench-spec.ts'
// Prints transactions a second and the CPU of this process and of PostgreSQL's processes (from /proc) a transaction.
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './database.config';
import { queryNamed } from './named-query';
import { queryAtCommit, runTransaction } from './transaction';

const SCHEMA = `database_txbench_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 4000);
const CONCURRENCY = 8;
const ROWS = 64;

/** CPU milliseconds all PostgreSQL processes of this machine have used (utime + stime, at 100 ticks a second). */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks * 10;
}

describe('one small transaction: a read, then a write nobody reads the answer of', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA, poolSize: CONCURRENCY }, { entities: [], migrations: [], applicationName: 'transaction-bench' }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".counter (id int PRIMARY KEY, n int NOT NULL)`);
    await dataSource.query(`INSERT INTO "${SCHEMA}".counter SELECT g, 0 FROM generate_series(1, ${ROWS}) g`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  const read = `SELECT n FROM "${SCHEMA}".counter WHERE id = $1`;
  const write = `UPDATE "${SCHEMA}".counter SET n = n + 1 WHERE id = $1`;
  const variants: Record<string, (i: number) => Promise<unknown>> = {
    // BEGIN with the read, the write with COMMIT: two writes to PostgreSQL's socket.
    'runTransaction, write at commit': (i) =>
      runTransaction(dataSource, async (manager) => {
        await queryNamed(manager, read, [(i % ROWS) + 1]);
        await queryAtCommit(manager, write, [(i % ROWS) + 1]);
      }),
    // TypeORM's transaction, every statement awaited: four.
    'DataSource.transaction, each awaited': (i) =>
      dataSource.transaction(async (manager) => {
        await queryNamed(manager, read, [(i % ROWS) + 1]);
        await queryNamed(manager, write, [(i % ROWS) + 1]);
      }),
  };

  it('should print what each way costs, alternating, the first round a warm-up', async () => {
    const expected = 4 * 2 * TRANSACTIONS;
    for (const round of [1, 2, 3, 4]) {
      const order = round % 2 ? Object.entries(variants).reverse() : Object.entries(variants);
      for (const [name, run] of order) {
        let next = 0;
        const cpu = process.cpuUsage();
        const postgres = postgresCpuMs();
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < TRANSACTIONS) await run(next++);
          }),
        );
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const perTx = (cpuMs: number): string => `${Math.round((cpuMs / TRANSACTIONS) * 1000)} µs`;
        console.log(
          `round ${round}, ${name}: ${Math.round((TRANSACTIONS / ms) * 1000)} transactions/s; CPU a transaction: this process ${perTx((used.user + used.system) / 1000)}, PostgreSQL ${perTx(postgresCpuMs() - postgres)}`,
        );
      }
    }
    const [{ total }] = await dataSource.query(`SELECT sum(n)::int AS total FROM "${SCHEMA}".counter`);
    expect(total).toBe(expected);
  }, 600_000);
});

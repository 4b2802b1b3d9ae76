import { DataSource, QueryFailedError } from 'typeorm';
import { buildDataSourceOptions } from './database.config';
import { StatementFold } from './statement-fold';

// libs/testing depends on this lib, so this suite makes its own schema.
const SCHEMA = `database_fold_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const SUM = `"${SCHEMA}".sum_row`;

describe('StatementFold (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let statements: string[];

  // Sums of every kind the fold is for: int sums, text of big sums, booleans, uuids, nulls; a HAVING that leaves none.
  const byOwner = `SELECT owner_id, sum(n)::int AS n, sum(cents)::text AS cents FROM ${SUM} WHERE kind = $1 GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`;
  const byRepeat = `SELECT is_repeat, sum(n)::int AS n FROM ${SUM} WHERE kind = $1 AND n >= $2 GROUP BY 1 ORDER BY 1`;
  const none = `SELECT kind, sum(n)::int AS n FROM ${SUM} WHERE kind = $1 GROUP BY 1`;

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA, poolSize: 4 }, { entities: [], migrations: [], applicationName: 'statement-fold-spec' }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    await dataSource.query(`CREATE TABLE ${SUM} (kind text NOT NULL, owner_id uuid, is_repeat boolean NOT NULL, n int NOT NULL, cents bigint NOT NULL)`);
    await dataSource.query(`INSERT INTO ${SUM}
      SELECT (ARRAY['won', 'lost'])[1 + n % 2], CASE WHEN n % 3 = 0 THEN NULL ELSE ('01936f0e-0000-7000-8000-' || lpad(to_hex(n % 3), 12, '0'))::uuid END,
             n % 4 = 0, n, 9007199254740993 * (n % 2)
        FROM generate_series(1, 30) n`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  /** Counts the statements the data source sends from here on, by their text. */
  beforeEach(() => {
    statements = [];
    const query = dataSource.query.bind(dataSource);
    jest.spyOn(dataSource, 'query').mockImplementation((sql: string, params?: unknown[] | object) => {
      statements.push(sql);
      return query(sql, params);
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('should answer each statement of a turn as it answers alone, in one statement', async () => {
    const alone = await Promise.all([dataSource.query(byOwner, ['lost']), dataSource.query(byRepeat, ['won', 5]), dataSource.query(none, ['open'])]);
    statements = [];
    const fold = new StatementFold(dataSource);
    const folded = await Promise.all([fold.query(byOwner, ['lost'], false), fold.query(byRepeat, ['won', 5], false), fold.query(none, ['open'], false)]);
    expect(folded).toEqual(alone);
    // Nulls, booleans and numbers as node-postgres gives them; sums past 2^53 as their exact text; none an empty array.
    expect(folded[0]).toContainEqual({ owner_id: null, n: expect.any(Number), cents: expect.stringMatching(/^\d{17,}$/) });
    expect(folded[1]).toContainEqual({ is_repeat: true, n: expect.any(Number) });
    expect(folded[2]).toEqual([]);
    expect(statements).toHaveLength(1);
  });

  it('should read a statement asked twice with the same parameters once, and one with others apart', async () => {
    const fold = new StatementFold(dataSource);
    const [first, again, other] = await Promise.all([fold.query(byOwner, ['won'], false), fold.query(byOwner, ['won'], false), fold.query(byOwner, ['lost'], false)]);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(other).not.toEqual(first);
    expect(statements).toHaveLength(1);
    expect(statements[0].match(/json_agg/g)).toHaveLength(2);
  });

  it('should send the statements of different turns apart, and one alone as it is', async () => {
    const fold = new StatementFold(dataSource);
    const first = await fold.query(byOwner, ['won'], false);
    const second = await fold.query(byRepeat, ['won', 1], false);
    expect(first).toEqual(await dataSource.query(byOwner, ['won']));
    expect(second).toEqual(await dataSource.query(byRepeat, ['won', 1]));
    expect(statements.slice(0, 2)).toEqual([byOwner, byRepeat]);
  });

  it('should fail every statement of a turn when one fails, and answer the next turn', async () => {
    const fold = new StatementFold(dataSource);
    const answers = await Promise.allSettled([fold.query(byOwner, ['won'], false), fold.query(`SELECT missing FROM ${SUM}`, [], false)]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    expect((answers[0] as PromiseRejectedResult).reason).toBeInstanceOf(QueryFailedError);
    await expect(fold.query(byRepeat, ['won', 1], false)).resolves.toEqual(await dataSource.query(byRepeat, ['won', 1]));
  });

  it('should run a turn of named statements as one named statement, prepared once on a connection', async () => {
    const single = new DataSource(
      buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA, poolSize: 1 }, { entities: [], migrations: [], applicationName: 'statement-fold-spec' }),
    );
    await single.initialize();
    try {
      const fold = new StatementFold(single);
      const ask = () => Promise.all([fold.query(byOwner, ['won'], true), fold.query(byRepeat, ['lost', 5], true)]);
      const answers = [await ask(), await ask()];
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[0]).toEqual([await single.query(byOwner, ['won']), await single.query(byRepeat, ['lost', 5])]);
      // The pool's one connection: the folded text prepared there once, and used for both turns.
      const prepared: Array<{ statement: string }> = await single.query(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'sw\\_%'`);
      expect(prepared.map(({ statement }) => statement).filter((statement) => statement.includes('json_agg'))).toHaveLength(1);
    } finally {
      await single.destroy();
    }
  });
});

import { Client } from 'pg';
import { Column, DataSource, Entity, In, PrimaryColumn, QueryFailedError, SelectQueryBuilder, type QueryRunner } from 'typeorm';
import { MONEY_TRANSFORMER } from './base.entity';
import { buildDataSourceOptions } from './database.config';
import { findWhereAny, namedEntities, queryNamed, statementName, withNamedStatements } from './named-query';
import { runTransaction } from './transaction';

// libs/testing depends on this lib, so this suite makes its own schema.
const SCHEMA = `database_named_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const ITEM = `"${SCHEMA}".item`;

@Entity({ name: 'item' })
class ItemEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'text' })
  label!: string;
}

/** A row of every kind a list reads: a transformer, a time, a date, nulls, JSON, an array. */
@Entity({ name: 'record' })
class RecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column('numeric', { precision: 18, scale: 2, nullable: true, transformer: MONEY_TRANSFORMER })
  amount!: number | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'date', nullable: true })
  due!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;

  @Column({ type: 'text', array: true })
  tags!: string[];
}

interface Prepared {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

/** The named statements of the runner's own session (a view of the session that reads it). */
async function preparedOn(runner: QueryRunner): Promise<Prepared[]> {
  return runner.query(`SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'sw\\_%' ORDER BY name`);
}

describe('queryNamed (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const byId = `SELECT id, label FROM ${ITEM} WHERE id = $1`;

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions(
        { url: process.env.DATABASE_URL!, schema: SCHEMA, poolSize: 1 },
        { entities: [ItemEntity, RecordEntity], migrations: [], applicationName: 'named-query-spec' },
      ),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    await dataSource.query(`CREATE TABLE ${ITEM} (id int PRIMARY KEY, label text NOT NULL)`);
    await dataSource.query(`INSERT INTO ${ITEM} SELECT n, 'item ' || n FROM generate_series(1, 20) n`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".record (id uuid PRIMARY KEY, kind text NOT NULL, amount numeric(18,2), created_at timestamptz NOT NULL,
      due date, details jsonb, tags text[] NOT NULL)`);
    await dataSource.query(`INSERT INTO "${SCHEMA}".record
      SELECT ('01936f0e-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, (ARRAY['a', 'b', 'c'])[1 + n % 3],
             CASE WHEN n % 4 = 0 THEN NULL ELSE n * 10.25 END, timestamptz '2026-01-01 10:00:00.123456+00' + n * interval '1 hour',
             CASE WHEN n % 2 = 0 THEN date '2026-06-01' + n END, CASE WHEN n % 5 <> 0 THEN jsonb_build_object('n', n, 'deep', jsonb_build_array(n)) END,
             ARRAY['t' || n, 'x"y,z']
        FROM generate_series(1, 40) n`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  it('should answer what manager.query answers when given a SELECT, an INSERT RETURNING, an UPDATE and a DELETE', async () => {
    const statements: Array<[string, unknown[]]> = [
      [byId, [3]],
      [`INSERT INTO ${ITEM} (id, label) VALUES ($1, $2) RETURNING id, label`, [101, 'new']],
      [`UPDATE ${ITEM} SET label = label || '!' WHERE id = ANY($1::int[]) RETURNING id`, [[4, 5]]],
      [`DELETE FROM ${ITEM} WHERE id = $1 RETURNING label`, [101]],
      [`UPDATE ${ITEM} SET label = label WHERE id = $1`, [999]],
    ];
    const runner = dataSource.createQueryRunner();
    try {
      // Each statement both ways on the same rows, each run rolled back.
      for (const [text, values] of statements) {
        await runner.startTransaction();
        const expected: unknown = await runner.manager.query(text, values);
        await runner.rollbackTransaction();
        await runner.startTransaction();
        const named: unknown = await queryNamed(runner.manager, text, values);
        await runner.rollbackTransaction();
        expect(named).toEqual(expected);
      }
    } finally {
      await runner.release();
    }
    expect(await queryNamed(dataSource, byId, [3])).toEqual([{ id: 3, label: 'item 3' }]);
    const [rows, affected] = await queryNamed<[Array<{ id: number }>, number]>(dataSource, `UPDATE ${ITEM} SET label = label WHERE id = ANY($1::int[]) RETURNING id`, [[1, 2]]);
    expect(rows).toHaveLength(2);
    expect(affected).toBe(2);
  });

  it('should send arrays of texts, numbers, booleans and nulls that PostgreSQL reads as the values they hold', async () => {
    const texts = ['plain', 'say "hi"', 'C:\\temp', 'a,b', '{x}', ' spaced ', '', 'NULL', 'null', 'line\nbreak', 'Ünïcödé ✓', '{"json":"\\"x\\""}', 'ends in \\', null];
    const numbers = [0, -42, 1.5, 123456789012, null];
    const flags = [true, false, null];
    const ids = ['0b7e0f5e-4f0a-4a55-9d7c-2d1f1c1a0b01', null];
    const [row] = await queryNamed<Array<{ t: string[]; n: string[]; b: boolean[]; u: string[] }>>(
      dataSource,
      'SELECT $1::text[] AS t, $2::numeric[]::text[] AS n, $3::boolean[] AS b, $4::uuid[] AS u',
      [texts, numbers, flags, ids],
    );
    expect(row).toEqual({ t: texts, n: ['0', '-42', '1.5', '123456789012', null], b: flags, u: ids });
  });

  it('should prepare the statement once per connection and run it again by name, until PostgreSQL keeps a generic plan', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      for (let id = 1; id <= 8; id++) expect(await queryNamed(runner, byId, [id])).toEqual([{ id, label: `item ${id}` }]);
      const prepared = (await preparedOn(runner)).filter((row) => row.name === statementName(byId));
      expect(prepared).toHaveLength(1);
      expect(prepared[0].statement).toBe(byId);
      expect(Number(prepared[0].generic_plans) + Number(prepared[0].custom_plans)).toBeGreaterThanOrEqual(8);
      // After five custom plans PostgreSQL compares them with a generic one and keeps it for this cheap look-up.
      expect(Number(prepared[0].generic_plans)).toBeGreaterThan(0);
    } finally {
      await runner.release();
    }
  });

  it('should run in the transaction of a manager: rolled back with it, committed with it', async () => {
    const insert = `INSERT INTO ${ITEM} (id, label) VALUES ($1, $2)`;
    await expect(
      runTransaction(dataSource, async (manager) => {
        await queryNamed(manager, insert, [201, 'rolled back']);
        expect(await queryNamed(manager, byId, [201])).toHaveLength(1);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await queryNamed(dataSource, byId, [201])).toEqual([]);
    const pid = await runTransaction(dataSource, async (manager) => {
      await queryNamed(manager, insert, [202, 'kept']);
      const [row] = await queryNamed<Array<{ pid: number; xact: string }>>(manager, 'SELECT pg_backend_pid() AS pid, txid_current_if_assigned()::text AS xact');
      expect(row.xact).not.toBeNull();
      return row.pid;
    });
    expect(await queryNamed(dataSource.manager, byId, [202])).toEqual([{ id: 202, label: 'kept' }]);
    expect(typeof pid).toBe('number');
  });

  it('should throw TypeORM’s QueryFailedError with the driver’s code and leave the connection usable when the statement fails', async () => {
    const insert = `INSERT INTO ${ITEM} (id, label) VALUES ($1, $2)`;
    const failure = await queryNamed(dataSource, insert, [1, 'twice']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    expect(await queryNamed(dataSource, byId, [1])).toEqual([{ id: 1, label: 'item 1' }]);
  });

  it('should prepare the statement again on a fresh connection after PostgreSQL terminated the session that held it', async () => {
    const pidOf = `SELECT pg_backend_pid() AS pid`;
    const [{ pid: before }] = await queryNamed<Array<{ pid: number }>>(dataSource, pidOf);
    expect(await queryNamed(dataSource, byId, [7])).toEqual([{ id: 7, label: 'item 7' }]);
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ terminated: boolean }>('SELECT pg_terminate_backend($1) AS terminated', [before]);
      expect(rows[0].terminated).toBe(true);
    } finally {
      await admin.end();
    }
    // The pool drops its idle client when the socket reports the end of the session.
    const pool = (dataSource.driver as unknown as { master: { totalCount: number } }).master;
    for (let waited = 0; pool.totalCount > 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.totalCount).toBe(0);
    expect(await queryNamed(dataSource, byId, [7])).toEqual([{ id: 7, label: 'item 7' }]);
    const runner = dataSource.createQueryRunner();
    try {
      const [{ pid: after }] = await queryNamed<Array<{ pid: number }>>(runner, pidOf);
      expect(after).not.toBe(before);
      expect((await preparedOn(runner)).map((row) => row.name)).toEqual(expect.arrayContaining([statementName(byId), statementName(pidOf)]));
    } finally {
      await runner.release();
    }
  });

  describe('withNamedStatements', () => {
    const page = (runner?: QueryRunner, from = 3, limit = 3) => {
      const qb = dataSource.manager.createQueryBuilder(ItemEntity, 'item').where('item.id >= :from', { from }).orderBy('item.id', 'ASC').limit(limit);
      return runner ? qb.setQueryRunner(runner) : qb;
    };

    it('should answer a query builder’s entities, raw rows and existence as TypeORM’s own runner does', async () => {
      const named = await withNamedStatements(dataSource, async (runner) => ({
        entities: await page(runner).getMany(),
        raw: await page(runner).getRawMany(),
        exists: await page(runner, 1000).getExists(),
        counted: await page(runner).getManyAndCount(),
      }));
      expect(named.entities).toEqual(await page().getMany());
      expect(named.entities[0]).toBeInstanceOf(ItemEntity);
      expect(named.entities.map((item) => item.id)).toEqual([3, 4, 5]);
      expect(named.raw).toEqual(await page().getRawMany());
      expect(named.exists).toBe(false);
      expect(named.counted).toEqual(await page().getManyAndCount());
    });

    it('should answer a statement run on its runner as manager.query does, and an UPDATE with its count', async () => {
      const update = `UPDATE ${ITEM} SET label = label WHERE id = ANY($1::int[]) RETURNING id`;
      const [rows, affected] = await withNamedStatements(dataSource, (runner) => runner.query(update, [[6, 7]]) as Promise<[unknown[], number]>);
      expect(rows).toEqual([{ id: 6 }, { id: 7 }]);
      expect(affected).toBe(2);
    });

    it('should prepare the builder’s text once on its connection and run it again by name, whatever the values and the limit', async () => {
      const [built] = page(undefined, 2).getQueryAndParameters();
      expect(built).toMatch(/ LIMIT 3$/);
      // Limits of 3, 5 and 9 are all asked as the next step, 11, and the rows cut back.
      const text = built.replace(/ LIMIT 3$/, ' LIMIT 11');
      // The pool has one connection: the statement is prepared there, once, and each call runs it.
      const runs = async (): Promise<Prepared[]> => {
        const runner = dataSource.createQueryRunner();
        try {
          return (await preparedOn(runner)).filter((row) => row.statement === text);
        } finally {
          await runner.release();
        }
      };
      const planned = (rows: Prepared[]): number => rows.reduce((sum, row) => sum + Number(row.generic_plans) + Number(row.custom_plans), 0);
      const before = planned(await runs());
      for (const [from, limit] of [[2, 3], [5, 5], [9, 9]]) {
        const ids = (await withNamedStatements(dataSource, (runner) => page(runner, from, limit).getMany())).map((item) => item.id);
        expect(ids).toEqual(Array.from({ length: limit }, (_, i) => from + i));
      }
      const after = await runs();
      expect(after).toEqual([expect.objectContaining({ name: statementName(text) })]);
      expect(planned(after) - before).toBe(3);
    });

    it('should release its runner when the work fails, and throw TypeORM’s QueryFailedError', async () => {
      const failure = await withNamedStatements(dataSource, (runner) => runner.query('SELECT no_such_column FROM ' + ITEM)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(QueryFailedError);
      const pool = (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
      expect(pool.idleCount).toBe(pool.totalCount);
    });
  });

  describe('namedEntities', () => {
    const records = () => dataSource.manager.createQueryBuilder(RecordEntity, 'r');

    it('should answer the entities getMany answers for each shape of conditions, order and limit, whatever the values', async () => {
      const shapes: Array<() => SelectQueryBuilder<RecordEntity>> = [
        () => records().orderBy('r.id', 'DESC').limit(7),
        () => records().where('r.kind = :kind', { kind: 'a' }).orderBy('r.id', 'ASC').limit(5),
        () => records().where('r.kind = :kind', { kind: 'b' }).orderBy('r.id', 'ASC').limit(5),
        () => records().where('r.kind = :kind', { kind: 'c' }).andWhere('r.id < :after', { after: '01936f0e-0000-7000-8000-000000000020' }).orderBy('r.id', 'DESC').take(4),
        () => records().where('r.id IN (:...ids)', { ids: ['01936f0e-0000-7000-8000-000000000001', '01936f0e-0000-7000-8000-000000000004'] }).orderBy('r.id'),
        () => records().where('r.id IN (:...ids)', { ids: ['01936f0e-0000-7000-8000-000000000002', '01936f0e-0000-7000-8000-000000000003', '01936f0e-0000-7000-8000-000000000008'] }).orderBy('r.id'),
        () => records().where('r.amount IS NULL').orderBy('r.createdAt', 'DESC'),
        () => records().where('r.kind = :kind', { kind: 'none' }),
      ];
      for (const shape of shapes) {
        const named = await namedEntities(dataSource, shape());
        expect(named).toStrictEqual(await shape().getMany());
        expect(named.every((record) => record instanceof RecordEntity)).toBe(true);
      }
      const [first] = await namedEntities(dataSource, records().where('r.id = :id', { id: '01936f0e-0000-7000-8000-000000000002' }));
      expect(first).toEqual({
        id: '01936f0e-0000-7000-8000-000000000002',
        kind: 'c',
        amount: 20.5,
        createdAt: new Date('2026-01-01T12:00:00.123Z'),
        due: '2026-06-03',
        details: { n: 2, deep: [2] },
        tags: ['t2', 'x"y,z'],
      });
    });

    it('should write a shape’s statement once and run it by name for every call of that shape', async () => {
      const getQuery = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
      try {
        const shape = (kind: string) => records().where('r.kind = :kind', { kind }).andWhere('r.due IS NOT NULL').orderBy('r.id', 'DESC').limit(3);
        const ids = [];
        for (const kind of ['a', 'b', 'c', 'a']) ids.push((await namedEntities(dataSource, shape(kind))).map((record) => record.id));
        expect(getQuery).toHaveBeenCalledTimes(1);
        expect(ids[0]).toEqual(ids[3]);
        expect(ids[0]).toHaveLength(3);
        const [text] = shape('a').getQueryAndParameters();
        const runner = dataSource.createQueryRunner();
        try {
          // The pool has one connection: the statement is there, once, under its limit step.
          expect((await preparedOn(runner)).filter((row) => row.statement === text.replace(/ LIMIT 3$/, ' LIMIT 11'))).toHaveLength(1);
        } finally {
          await runner.release();
        }
      } finally {
        getQuery.mockRestore();
      }
    });

    it('should leave a builder it does not serve (a join, a partial select) to TypeORM, with the same answer', async () => {
      const joined = () =>
        dataSource.manager.createQueryBuilder(ItemEntity, 'item').innerJoin(RecordEntity, 'r', 'r.amount = item.id * 10.25').orderBy('item.id').limit(3);
      expect(await namedEntities(dataSource, joined())).toStrictEqual(await joined().getMany());
      const partial = () => records().select(['r.id', 'r.kind']).orderBy('r.id').limit(2);
      const named = await namedEntities(dataSource, partial());
      expect(named).toStrictEqual(await partial().getMany());
      expect(named.map(({ id, kind, amount }) => ({ id, kind, amount }))).toEqual([
        { id: '01936f0e-0000-7000-8000-000000000001', kind: 'b', amount: undefined },
        { id: '01936f0e-0000-7000-8000-000000000002', kind: 'c', amount: undefined },
      ]);
    });
  });

  describe('findWhereAny', () => {
    const id = (n: number): string => `01936f0e-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

    it('should answer the records whose property is one of the values as find with In does, in the order asked', async () => {
      const cases: Array<[keyof RecordEntity & string, unknown[], Partial<Record<keyof RecordEntity & string, 'ASC' | 'DESC'>>]> = [
        ['id', [id(1), id(2), id(3), id(4)], { kind: 'ASC', id: 'DESC' }],
        ['id', [id(5), id(6)], { due: 'ASC', id: 'ASC' }],
        ['id', [id(7), '01936f0e-0000-7000-8000-0000000002ff'], { id: 'ASC' }],
        ['kind', ['a'], { createdAt: 'DESC' }],
      ];
      for (const [property, values, order] of cases) {
        const found = await findWhereAny(dataSource.manager, RecordEntity, property, values, order);
        expect(found).toStrictEqual(await dataSource.manager.find(RecordEntity, { where: { [property]: In(values) }, order }));
        expect(found.length).toBeGreaterThan(0);
      }
      await expect(findWhereAny(dataSource.manager, RecordEntity, 'id', [], { id: 'ASC' })).resolves.toEqual([]);
    });

    it('should write one statement for every count of values', async () => {
      // On one connection (a transaction's), three counts make one prepared statement.
      const prepared = await runTransaction(dataSource, async (manager) => {
        for (const count of [1, 2, 3]) await findWhereAny(manager, RecordEntity, 'id', [id(1), id(2), id(3)].slice(0, count), { id: 'ASC' });
        const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%.record WHERE id = ANY($1) ORDER BY id ASC'`);
        return n as number;
      });
      expect(prepared).toBe(1);
    });
  });
});

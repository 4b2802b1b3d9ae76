import { Column, DataSource, Entity } from 'typeorm';
import { AggregateEntity, MONEY_TRANSFORMER } from './base.entity';
import { insertAggregates, insertEntities, insertJsonRows } from './bulk-insert';
import { hydratedRows } from './entity-rows';
import { buildDataSourceOptions } from './database.config';

// libs/testing depends on this lib, so this suite makes its own schema.
const SCHEMA = `database_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();

@Entity('sample')
class SampleEntity extends AggregateEntity {
  @Column('text')
  name!: string;

  @Column('numeric', { precision: 18, scale: 2, nullable: true, transformer: MONEY_TRANSFORMER })
  amount!: number | null;

  @Column('date', { nullable: true })
  due!: string | null;
}

/** A table whose dates are the database's, as every aggregate table's are. */
@Entity('dated')
class DatedEntity extends AggregateEntity {
  @Column('text')
  name!: string;
}

describe('bulk inserts', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA }, { entities: [SampleEntity, DatedEntity], migrations: [], applicationName: 'bulk-insert-spec' }),
    );
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".sample (
      id uuid PRIMARY KEY, version integer NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
      name text NOT NULL, amount numeric(18,2), due date)`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".dated (
      id uuid PRIMARY KEY, version integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      name text NOT NULL)`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".log (id serial PRIMARY KEY, line text NOT NULL, at timestamptz NOT NULL DEFAULT now(), note text)`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  it('should write every column of an entity through its metadata, transformers included, when records are inserted', async () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    const records = [
      Object.assign(new SampleEntity(), { id: '01936f0e-0000-7000-8000-000000000001', version: 1, createdAt: at, updatedAt: at, name: 'Olga', amount: 1234.5 }),
      Object.assign(new SampleEntity(), { id: '01936f0e-0000-7000-8000-000000000002', version: 1, createdAt: at, updatedAt: at, name: 'Ivan', amount: null }),
    ];
    await insertEntities(dataSource.manager, SampleEntity, records);
    const stored = await dataSource.manager.find(SampleEntity, { order: { id: 'ASC' } });
    expect(stored.map(({ name, amount, version, createdAt }) => ({ name, amount, version, createdAt }))).toEqual([
      { name: 'Olga', amount: 1234.5, version: 1, createdAt: at },
      { name: 'Ivan', amount: null, version: 1, createdAt: at },
    ]);
  });

  it('should make from the row an update returns the entity a find makes, its types and transformers applied', async () => {
    const id = '01936f0e-0000-7000-8000-000000000003';
    const at = new Date('2026-03-02T10:00:00.000Z');
    await insertEntities(dataSource.manager, SampleEntity, [Object.assign(new SampleEntity(), { id, version: 1, createdAt: at, updatedAt: at, name: 'Anna', amount: 10.5, due: null })]);
    const { raw } = await dataSource.manager
      .createQueryBuilder()
      .update(SampleEntity)
      .set({ amount: 99.999, due: '2026-04-30' })
      .where('id = :id', { id })
      .returning('*')
      .execute();
    const [made] = hydratedRows(dataSource.manager, SampleEntity, raw);
    expect(made).toBeInstanceOf(SampleEntity);
    expect(made).toEqual(await dataSource.manager.findOneByOrFail(SampleEntity, { id }));
    // As stored: numeric(18,2) rounded the amount, the update moved the version, a date stays a date.
    expect(made).toMatchObject({ amount: 100, version: 2, due: '2026-04-30', createdAt: at });
  });

  it('should insert more rows than PostgreSQL takes parameters in one statement, with defaults for columns not named', async () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => ({ line: `line ${i}` }));
    await insertJsonRows(dataSource.manager, 'log', rows);
    const [counts] = await dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE at IS NOT NULL)::int AS dated, count(note)::int AS noted FROM "${SCHEMA}".log`,
    );
    expect(counts).toEqual({ n: 70_000, dated: 70_000, noted: 0 });
  });

  it('should leave the dates of new aggregates to the transaction, and set them on the records', async () => {
    const records = ['Olga', 'Ivan'].map((name, i) => Object.assign(new DatedEntity(), { id: `01936f0e-0000-7000-8000-00000000010${i}`, version: 1, name }));
    const now = await dataSource.transaction(async (manager) => {
      // A moment passes in the transaction: the dates are its start, as `save()` and the column default give.
      const [{ started }] = await manager.query(`SELECT now() AS started, pg_sleep(0.01)`);
      await insertAggregates(manager, DatedEntity, records);
      return started as Date;
    });
    expect(records.map((r) => [r.createdAt, r.updatedAt])).toEqual([[now, now], [now, now]]);
    const stored = await dataSource.manager.find(DatedEntity, { order: { id: 'ASC' } });
    expect(stored.map(({ name, version, createdAt }) => ({ name, version, createdAt }))).toEqual([
      { name: 'Olga', version: 1, createdAt: now },
      { name: 'Ivan', version: 1, createdAt: now },
    ]);
  });

  it('should do nothing when there are no rows', async () => {
    await expect(insertJsonRows(dataSource.manager, 'no_such_table', [])).resolves.toBeUndefined();
  });
});

import { Column, DataSource, Entity, PrimaryColumn, SelectQueryBuilder } from 'typeorm';
import { buildDataSourceOptions } from './database.config';
import { FEW_MATCHES, searchPage } from './search-page';

// libs/testing depends on this lib, so this suite makes its own schema.
const SCHEMA = `search_page_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const ROWS = 20_000;

@Entity('item')
class ItemEntity {
  @PrimaryColumn('integer')
  id!: number;

  @Column('text')
  name!: string;

  @Column('integer')
  owner!: number;
}

/**
 * `searchPage` against what the planner gets wrong: matches that are not spread evenly over the ids. Its pages
 * must be exactly those of the plain query (the first `take` matches in the list's order) whichever way it reads
 * them: by the planner's own plan when many rows match, or from every match when few do.
 */
describe('searchPage: a text search page in the list’s order, whatever the spread of its matches', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(buildDataSourceOptions({ url: process.env.DATABASE_URL!, schema: SCHEMA }, { entities: [ItemEntity], migrations: [], applicationName: 'search-page-spec' }));
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    await dataSource.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".item (id integer PRIMARY KEY, name text NOT NULL, owner integer NOT NULL)`);
    // 'common' in every second row throughout (more than FEW_MATCHES); 'old series' only in the 300 oldest rows
    // (the skew that fooled the planner); 'rare' in 30 rows spread out; owners 0–3 round robin.
    await dataSource.query(
      `INSERT INTO "${SCHEMA}".item (id, name, owner)
       SELECT n, concat_ws(' ', 'item ' || n, CASE WHEN n % 2 = 0 THEN 'common' END, CASE WHEN n <= 300 THEN 'old series' END,
                          CASE WHEN n % 667 = 0 THEN 'rare' END), n % 4
         FROM generate_series(1, ${ROWS}) n`,
    );
    await dataSource.query(`CREATE INDEX item_name_trgm ON "${SCHEMA}".item USING gin (name gin_trgm_ops)`);
    await dataSource.query(`CREATE INDEX item_owner_id ON "${SCHEMA}".item (owner, id)`);
    await dataSource.query(`VACUUM ANALYZE "${SCHEMA}".item`);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  const list = (order: 'ASC' | 'DESC', owner?: number, after?: number) => {
    const qb = dataSource.manager.createQueryBuilder(ItemEntity, 'item');
    if (owner !== undefined) qb.andWhere('item.owner = :owner', { owner });
    if (after !== undefined) qb.andWhere(order === 'DESC' ? 'item.id < :after' : 'item.id > :after', { after });
    return qb.orderBy('item.id', order);
  };
  const like = (term: string) => ({ sql: 'item.name LIKE :term', params: { term: `%${term}%` } });
  const plain = async (order: 'ASC' | 'DESC', term: string, take: number, owner?: number, after?: number): Promise<number[]> =>
    (await list(order, owner, after).andWhere('item.name LIKE :term', { term: `%${term}%` }).limit(take).getMany()).map((item) => item.id);

  it.each<[string, 'ASC' | 'DESC', string, number | undefined, number | undefined]>([
    ['a common term, newest first', 'DESC', 'common', undefined, undefined],
    ['a term only the oldest rows hold, newest first', 'DESC', 'old series', undefined, undefined],
    ['a rare term spread out', 'DESC', 'rare', undefined, undefined],
    ['a term nobody has', 'DESC', 'zzqxw', undefined, undefined],
    ['an old series, oldest first', 'ASC', 'old series', undefined, undefined],
    ['a common term, oldest first', 'ASC', 'common', undefined, undefined],
    ['an owner’s common rows', 'DESC', 'common', 2, undefined],
    ['an owner’s old series', 'DESC', 'old series', 1, undefined],
    ['the page after a cursor', 'DESC', 'old series', undefined, 250],
    ['a cursor near the end of the list', 'DESC', 'common', undefined, 900],
  ])('should answer %s with the plain query’s page', async (_name, order, term, owner, after) => {
    const take = 51;
    const expected = await plain(order, term, take, owner, after);
    const page = (await searchPage(list(order, owner, after), like(term), take)).map((item) => item.id);
    expect(page).toEqual(expected);
  });

  it.each<[string, string, boolean]>([
    ['a term the planner expects in few rows is read from its matches', 'old series', true],
    ['a term it expects in many rows is left to its plan', 'common', false],
  ])('%s (%s)', async (_name, term, fromMatches) => {
    // Reading from the matches asks for the page in an order no index gives (the id's nulls last, newest first).
    const spy = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
    try {
      await searchPage(list('DESC'), like(term), 51);
      const pageQuery = spy.mock.results.map((result) => String(result.value)).filter((sql) => sql.includes('LIKE')).at(-1)!;
      expect(pageQuery.includes('NULLS LAST')).toBe(fromMatches);
    } finally {
      spy.mockRestore();
    }
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".item WHERE name LIKE $1`, [`%${term}%`]);
    expect(n > FEW_MATCHES).toBe(!fromMatches);
  });
});

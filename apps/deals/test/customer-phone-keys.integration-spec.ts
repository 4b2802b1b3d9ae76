import { phoneKey, schemaName } from '@saleswire/database';
import { migrateToJustBefore, suiteEnv } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

/**
 * Migration 1765900000001 (ADR 0019): customers stored before the one phone rule are keyed by it afterwards, as the
 * leads service keys the customers it is told of; a key another customer already holds is not taken from it.
 */
describe('deals: customers’ phone keys follow the phone rule (migration 1765900000001)', () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('deals'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    await migrateToJustBefore(dataSource, 'CustomerPhoneKeys1765900000001');
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  /** A customer as the old code stored it: the digits without a leading 00 as its key. */
  const insert = (name: string, phone: string): Promise<unknown> =>
    dataSource.query(
      `INSERT INTO ${s}.customer (id, version, kind, name, phone, phone_key, created_by)
       VALUES (gen_random_uuid(), 1, 'company', $1, $2, nullif(regexp_replace(regexp_replace($2, '\\D', '', 'g'), '^00', ''), ''), 'test')`,
      [name, phone],
    );
  const keys = async (): Promise<Record<string, string | null>> =>
    Object.fromEntries(((await dataSource.query(`SELECT name, phone_key FROM ${s}.customer`)) as Array<{ name: string; phone_key: string }>).map((r) => [r.name, r.phone_key]));

  it('should rekey customers across batches and leave a key another customer holds with its holder', async () => {
    // 6,000 customers with a trunk 8 (more than a batch), each its own number.
    await dataSource.query(
      `INSERT INTO ${s}.customer (id, version, kind, name, phone, phone_key, created_by)
       SELECT gen_random_uuid(), 1, 'person', 'Bulk ' || n, '8 916 ' || lpad(n::text, 7, '0'), '8916' || lpad(n::text, 7, '0'), 'test'
         FROM generate_series(1, 6000) n`,
    );
    await insert('Moscow +7', '+7 (495) 123-45-67');
    await insert('Moscow 8', '8 495 123 45 67');
    await insert('Hotline', '8 800 555-35-35');
    await insert('Berlin', '0049 30 1234567');
    await insert('Tokyo', '81 3 1234 5678');

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toContain('CustomerPhoneKeys1765900000001');

    const after = await keys();
    expect(after).toMatchObject({
      'Moscow +7': '74951234567',
      // Its new key is Moscow +7's: the same number twice, left for a person to merge.
      'Moscow 8': '84951234567',
      Hotline: '78005553535',
      Berlin: '49301234567',
      Tokyo: '81312345678',
    });
    const bulk = Object.entries(after).filter(([name]) => name.startsWith('Bulk '));
    expect(bulk).toHaveLength(6000);
    expect(bulk.filter(([name, key]) => key !== phoneKey(`8 916 ${name.slice(5).padStart(7, '0')}`))).toEqual([]);
    const [{ search }] = await dataSource.query(`SELECT search_key AS search FROM ${s}.customer WHERE name = 'Hotline'`);
    expect(search).toContain('78005553535');
  });
});

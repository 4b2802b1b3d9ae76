import { phoneKey, schemaName } from '@saleswire/database';
import { migrateToJustBefore, suiteEnv } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

/** The spellings of the rows stored before the phone rule, each with the key the old code gave it. */
const OLD_LEADS: Array<[string, string]> = [
  ['+7 (916) 123-45-67', '+79161234567'],
  ['8 916 123 45 67', '89161234567'],
  ['0049 30 1234567', '0049301234567'],
  ['916 123-45-67', '9161234567'],
  ['+44 20 7946 0958', '+442079460958'],
  ['81 3 1234 5678', '81312345678'],
];

/**
 * Migration 1765900000000 (ADR 0019): leads and the customer index stored before the one phone rule are keyed by
 * it afterwards, in batches, so that a new lead written `8 916…` matches a customer announced as `+7 916…`.
 */
describe('leads: stored phone keys follow the phone rule (migration 1765900000000)', () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('leads'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    // Back to just before the phone rule: the migrations after it are undone too, and run again with it below.
    await migrateToJustBefore(dataSource, 'PhoneKeys1765900000000');
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('should rekey every lead and customer of the index, across batches, leaving the rest as it was', async () => {
    // 12,000 leads (more than two batches) spelled the ways above, keyed as the old code keyed them.
    await dataSource.query(
      `INSERT INTO ${s}.lead (id, version, status, contact_name, contact_phone, phone_norm, source, direction, segment, assignee_id, created_by)
       SELECT gen_random_uuid(), 1, 'new', 'Lead ' || n, ($1::text[])[1 + n % $3], ($2::text[])[1 + n % $3], 'website', 'inbound', 'b2b',
              gen_random_uuid(), 'test'
         FROM generate_series(1, 12000) n`,
      [OLD_LEADS.map(([phone]) => phone), OLD_LEADS.map(([, key]) => key), OLD_LEADS.length],
    );
    await dataSource.query(
      `INSERT INTO ${s}.lead (id, version, status, contact_name, source, direction, segment, assignee_id, created_by)
       VALUES (gen_random_uuid(), 1, 'new', 'No Phone', 'website', 'inbound', 'b2b', gen_random_uuid(), 'test')`,
    );
    await dataSource.query(
      `INSERT INTO ${s}.customer_index (customer_id, name, phone_norm, aggregate_version, created_at)
       SELECT gen_random_uuid(), 'Customer ' || n, ($1::text[])[1 + n % $2], 1, now() FROM generate_series(1, 600) n`,
      [OLD_LEADS.map(([, key]) => key), OLD_LEADS.length],
    );

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toContain('PhoneKeys1765900000000');

    const leads: Array<{ phone: string | null; key: string | null; search_key: string | null; n: number }> = await dataSource.query(
      `SELECT contact_phone AS phone, phone_norm AS key, min(search_key) AS search_key, count(*)::int AS n FROM ${s}.lead GROUP BY 1, 2`,
    );
    const sorted = (rows: unknown[][]): string[] => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(leads.map(({ phone, key, n }) => [phone, key, n]))).toEqual(
      sorted([...OLD_LEADS.map(([phone]) => [phone, phoneKey(phone), 2000]), [null, null, 1]]),
    );
    expect(leads.filter((row) => row.phone && !row.search_key?.includes(phoneKey(row.phone)!))).toEqual([]);
    expect(phoneKey('8 916 123 45 67')).toBe('79161234567');

    const customers: Array<{ key: string; n: number }> = await dataSource.query(
      `SELECT phone_norm AS key, count(*)::int AS n FROM ${s}.customer_index GROUP BY phone_norm ORDER BY phone_norm`,
    );
    const expected = new Map<string, number>();
    for (const [phone] of OLD_LEADS) expected.set(phoneKey(phone)!, (expected.get(phoneKey(phone)!) ?? 0) + 100);
    expect(customers.map(({ key, n }) => [key, n])).toEqual([...expected].sort(([a], [b]) => (a < b ? -1 : 1)));
    // The trunk 8 and the +7 spellings of one number are one key now, where the old keys kept them apart.
    expect(expected.get('79161234567')).toBe(200);
  });
});

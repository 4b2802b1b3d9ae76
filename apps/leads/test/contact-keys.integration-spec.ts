import { emailKey, schemaName, taxIdKey } from '@saleswire/database';
import { migrateToJustBefore, suiteEnv } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

/** Tax ids and emails as leads stored them before the one rule, each with the key the old code gave it. */
const OLD_TAX_IDS: Array<[string, string]> = [
  ['77.01/2345', '77.01/2345'],
  ['7701 2345', '77012345'],
  ['de-123 456', 'DE123456'],
  ['12-3', '123'],
];
const OLD_EMAILS: Array<[string, string]> = [
  [' Olga@Northwind.example ', 'olga@northwind.example'],
  ['no email here', 'no email here'],
];

/**
 * Migration 1766200000000 (ADR 0019, decision 14): leads and the customer index stored before the one rule for
 * emails and tax ids are keyed by it afterwards, in batches, so that a lead's tax id written `7701 2345` matches a
 * customer the deals service announced as `77.01/2345`.
 */
describe('leads: stored email and tax id keys follow the one rule (migration 1766200000000)', () => {
  let dataSource: DataSource;
  let s: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('leads'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    await migrateToJustBefore(dataSource, 'ContactKeys1766200000000');
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('should rekey leads across batches and the customer index, leaving what the rule keeps as it was', async () => {
    // 12,000 leads (more than two batches), each tax id and email spelling 3,000 / 6,000 times.
    await dataSource.query(
      `INSERT INTO ${s}.lead (id, version, status, contact_name, contact_email, email_norm, company_tax_id, tax_id_norm, source, direction, segment,
                              assignee_id, created_by)
       SELECT gen_random_uuid(), 1, 'new', 'Lead ' || n, ($1::text[])[1 + n % $5], ($2::text[])[1 + n % $5], ($3::text[])[1 + n % $6], ($4::text[])[1 + n % $6],
              'website', 'inbound', 'b2b', gen_random_uuid(), 'test'
         FROM generate_series(1, 12000) n`,
      [OLD_EMAILS.map(([e]) => e), OLD_EMAILS.map(([, k]) => k), OLD_TAX_IDS.map(([t]) => t), OLD_TAX_IDS.map(([, k]) => k), OLD_EMAILS.length, OLD_TAX_IDS.length],
    );
    await dataSource.query(
      `INSERT INTO ${s}.customer_index (customer_id, name, email_norm, tax_id_norm, aggregate_version, created_at)
       SELECT gen_random_uuid(), 'Customer ' || n, ($1::text[])[1 + n % $3], ($2::text[])[1 + n % $4], 1, now() FROM generate_series(1, 400) n`,
      [OLD_EMAILS.map(([, k]) => k), OLD_TAX_IDS.map(([, k]) => k), OLD_EMAILS.length, OLD_TAX_IDS.length],
    );

    expect((await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toContain('ContactKeys1766200000000');

    const leads: Array<{ tax_id: string; key: string | null; n: number }> = await dataSource.query(
      `SELECT company_tax_id AS tax_id, tax_id_norm AS key, count(*)::int AS n FROM ${s}.lead GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(leads.map(({ tax_id, key, n }) => [tax_id, key, n])).toEqual(
      [...OLD_TAX_IDS].sort(([a], [b]) => (a < b ? -1 : 1)).map(([taxId]) => [taxId, taxIdKey(taxId), 3000]),
    );
    expect(taxIdKey('77.01/2345')).toBe(taxIdKey('7701 2345'));
    const emails: Array<{ email: string; key: string | null }> = await dataSource.query(`SELECT DISTINCT contact_email AS email, email_norm AS key FROM ${s}.lead`);
    expect(Object.fromEntries(emails.map(({ email, key }) => [email, key]))).toEqual(Object.fromEntries(OLD_EMAILS.map(([email]) => [email, emailKey(email)])));
    // The search key is generated from the keys: it holds the new one.
    const [{ search }] = await dataSource.query(`SELECT search_key AS search FROM ${s}.lead WHERE company_tax_id = '77.01/2345' LIMIT 1`);
    expect(search).toContain('77012345');

    const customers: Array<{ email: string | null; tax_id: string | null }> = await dataSource.query(
      `SELECT DISTINCT email_norm AS email, tax_id_norm AS tax_id FROM ${s}.customer_index`,
    );
    expect(new Set(customers.map((row) => row.tax_id))).toEqual(new Set(OLD_TAX_IDS.map(([, key]) => taxIdKey(key))));
    expect(new Set(customers.map((row) => row.email))).toEqual(new Set(OLD_EMAILS.map(([, key]) => emailKey(key))));
  });
});

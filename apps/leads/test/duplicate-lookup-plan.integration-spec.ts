import { migrateSchema, schemaName } from '@saleswire/database';
import { describePlan, explainPlan, scanNodes, suiteEnv } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';
import { DuplicateFinder } from '../src/duplicate/duplicate.finder';

const SHARED = { email: 'desk@switchboard.example', phone: '+74950000000', taxId: '7700000000' };

/**
 * The duplicate look-up when many leads share a contact (a switchboard phone, a marketplace's e-mail): the
 * statistics then say any key matches thousands of leads, and a probe written `= key ORDER BY id LIMIT 1` was
 * planned as a walk of lead_pkey with a filter, which for a key nobody holds reads the whole table — seconds for
 * each of an import's chunks (docs/benchmarks.md, the import). The probe must stay one descent of the partial
 * index of open leads by key, whatever the statistics say.
 */
describe('leads: the duplicate look-up probes the open-lead index per key when many leads share one', () => {
  let dataSource: DataSource;
  let finder: DuplicateFinder;
  let s: string;
  let oldest: { id: string; original: string };

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('leads'))));
    await dataSource.initialize();
    s = `"${schemaName(dataSource)}"`;
    await migrateSchema(dataSource);
    finder = new DuplicateFinder(dataSource);
    // 3,000 leads with one contact (the newest few closed) and the statistics taken then, as the bench's API
    // leads left them; then a few leads with their own contacts, not yet analysed (as an import's chunks are).
    // Ids in creation order, as the service's UUID v7 are: the primary key's order is then the table's, which
    // is what makes walking it look cheap.
    await dataSource.query(
      `INSERT INTO ${s}.lead (id, version, status, contact_name, email_norm, phone_norm, tax_id_norm, source, direction, segment, created_by, created_at)
       SELECT ('01936f0e-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 1, CASE WHEN n > 2990 THEN 'junk' ELSE 'new' END, 'Desk ' || n, $1, $2, $3, 'website', 'inbound', 'b2b', 'test',
              now() - (3000 - n) * interval '1 second'
         FROM generate_series(1, 3000) n`,
      [SHARED.email, SHARED.phone, SHARED.taxId],
    );
    await dataSource.query(`ANALYZE ${s}.lead`);
    await dataSource.query(
      `INSERT INTO ${s}.lead (id, version, status, contact_name, email_norm, phone_norm, tax_id_norm, source, direction, segment, created_by)
       SELECT ('01936f0f-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 1, 'new', 'Own ' || n, 'own' || n || '@own.example', '+7495100' || n, '77100' || n, 'website', 'inbound', 'b2b', 'test'
         FROM generate_series(1, 20) n`,
    );
    [oldest] = await dataSource.query(
      `SELECT id::text AS id, coalesce(duplicate_of_id, id)::text AS original FROM ${s}.lead WHERE email_norm = $1 AND status = 'new' ORDER BY id LIMIT 1`,
      [SHARED.email],
    );
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('plans each kind of key as a descent of its partial index, never a walk of the primary key', async () => {
    const keys = [['nobody@nowhere.example', SHARED.email], ['+70000000000'], ['0000']];
    // As PostgreSQL plans it, sequential scans allowed: the plan that the statistics make cheapest.
    const plan = await explainPlan(dataSource, finder.statement, [...keys, false], { seqscanOff: false });
    const leadScans = scanNodes(plan).filter((node) => node.relation === 'lead' || node.index?.startsWith('lead_'));
    expect({ indexes: leadScans.map((node) => node.index).sort(), plan: describePlan(plan) }).toEqual({
      indexes: ['lead_open_email_idx', 'lead_open_phone_idx', 'lead_open_tax_id_idx'],
      plan: expect.any(String),
    });
  });

  it("finds a shared key's first open lead, and nothing for keys nobody holds, before or after it in the index", async () => {
    const found = await finder.lookup(
      dataSource.manager,
      [
        { email: SHARED.email, phone: 'a', taxId: null },
        { email: 'desk@switchboard.examplf', phone: SHARED.phone, taxId: 'ZZZ' },
        { email: 'own7@own.example', phone: null, taxId: SHARED.taxId },
      ],
      { repeatDetection: false },
    );
    const own7: Array<{ id: string }> = await dataSource.query(`SELECT id::text AS id FROM ${s}.lead WHERE email_norm = 'own7@own.example'`);
    expect(Object.fromEntries(found.leads)).toEqual({
      [`email:${SHARED.email}`]: oldest,
      [`phone:${SHARED.phone}`]: oldest,
      [`taxId:${SHARED.taxId}`]: oldest,
      'email:own7@own.example': { id: own7[0].id, original: own7[0].id },
    });
  });
});

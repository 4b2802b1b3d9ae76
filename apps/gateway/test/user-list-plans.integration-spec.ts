import { migrateSchema } from '@saleswire/database';
import { cleanupSuite, expectIndexScan, expectNoSeqScanOn, explainPlan, nodeTypes, suiteEnv, suiteSchema } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';
import { UserEntity } from '../src/user/user.entity';
import { usersPageQuery } from '../src/user/user-list.query';

// The next page's cursor in the middle of the seeded ids (made from md5, so every run plans on the same rows): a
// cursor below nearly every id lets a walk of the primary key, filtered, look as cheap as the role's index (the
// deals and partners list plan suites failed so, now and then).
const AFTER = '80000000-0000-4000-8000-000000000000';

/** Plan test of `GET /users` (issue 16): each page read from its index in keyset order, never a sequential scan. */
describe('gateway: users list plan (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(loadConfig(suiteEnv('iam'))));
    await dataSource.initialize();
    await migrateSchema(dataSource);
    const s = `"${suiteSchema('iam')}"`;
    await dataSource.query(
      `INSERT INTO ${s}.app_user (id, version, email, name, role, password_hash)
       SELECT md5('user ' || n)::uuid, 1, 'user' || n || '@plan.example', 'User ' || n, (ARRAY['admin','head_of_sales','manager','channel_manager'])[1 + n % 4], 'x'
         FROM generate_series(1, 2000) n`,
    );
    await dataSource.query(`ANALYZE ${s}.app_user`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await cleanupSuite();
  });

  it.each<[string, string | undefined, string]>([
    ['every user', undefined, 'app_user_pkey'],
    ['the users of a role', 'manager', 'app_user_role_idx'],
  ])('should read %s from %s in keyset order, also after a cursor', async (_what, role, index) => {
    for (const after of [undefined, AFTER]) {
      const [sql, params] = usersPageQuery(dataSource.getRepository(UserEntity), role, after).take(51).getQueryAndParameters();
      const plan = await explainPlan(dataSource, sql, params, { sortOff: true });
      expectNoSeqScanOn(plan, ['app_user']);
      expectIndexScan(plan, index);
      expect(nodeTypes(plan)).not.toContain('Sort');
    }
  });
});

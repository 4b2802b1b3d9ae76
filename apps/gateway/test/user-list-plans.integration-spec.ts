import { migrateSchema } from '@saleswire/database';
import { cleanupSuite, expectIndexScan, expectNoSeqScanOn, explainPlan, nodeTypes, suiteEnv, suiteSchema } from '@saleswire/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';
import { UserEntity } from '../src/user/user.entity';
import { usersPageQuery } from '../src/user/user-list.query';

const AFTER = '01936f0e-8a4b-7c3d-9e2f-0000000d0100';

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
       SELECT gen_random_uuid(), 1, 'user' || n || '@plan.example', 'User ' || n, (ARRAY['admin','head_of_sales','manager','channel_manager'])[1 + n % 4], 'x'
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

import { expectMigrationsReversible, suiteEnv } from '@saleswire/testing';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

describe('gateway migrations', () => {
  it('should apply, revert one by one and apply again on a fresh schema', async () => {
    const tables = await expectMigrationsReversible(dataSourceOptions(loadConfig(suiteEnv('iam'))));
    expect(tables).toEqual(expect.arrayContaining(['app_user', 'idempotency_record', 'migrations', 'request_key']));
  });
});

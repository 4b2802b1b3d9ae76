import { expectMigrationsReversible, suiteEnv } from '@saleswire/testing';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

describe('reporting migrations', () => {
  it('should apply, revert one by one and apply again on a fresh schema', async () => {
    const tables = await expectMigrationsReversible(dataSourceOptions(loadConfig(suiteEnv('reporting'))));
    expect(tables).toEqual(expect.arrayContaining(['inbox_event', 'lead_fact', 'migrations', 'outbox_event']));
  });
});

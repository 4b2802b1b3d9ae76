import { expectMigrationsReversible, suiteEnv } from '@saleswire/testing';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

describe('deals migrations', () => {
  it('should apply, revert one by one and apply again on a fresh schema', async () => {
    const tables = await expectMigrationsReversible(dataSourceOptions(loadConfig(suiteEnv('deals'))));
    expect(tables).toEqual(expect.arrayContaining(['customer', 'deal', 'pipeline', 'outbox_event', 'inbox_event', 'request_key']));
  });
});

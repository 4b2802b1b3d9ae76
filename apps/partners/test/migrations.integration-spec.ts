import { expectMigrationsReversible, suiteEnv } from '@saleswire/testing';
import { loadConfig } from '../src/config';
import { dataSourceOptions } from '../src/data-source';

describe('partners migrations', () => {
  it('should apply, revert one by one and apply again on a fresh schema', async () => {
    const tables = await expectMigrationsReversible(dataSourceOptions(loadConfig(suiteEnv('partners'))));
    expect(tables).toEqual(
      expect.arrayContaining([
        'inbox_event',
        'migrations',
        'outbox_event',
        'request_key',
        'partner',
        'partner_rate',
        'deal_registration',
        'channel_lead',
        'channel_customer',
        'channel_deal',
        'commission',
        'partner_notice',
      ]),
    );
  });
});

import { DataSource } from 'typeorm';
import { serverSettingWarnings } from './server-settings';

describe('serverSettingWarnings (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  });

  afterAll(() => dataSource.destroy());

  it("should warn of autovacuum exactly when the server runs without it, whatever this server's setting", async () => {
    const [{ autovacuum }] = await dataSource.query(`SHOW autovacuum`);
    const [{ track_counts }] = await dataSource.query(`SHOW track_counts`);
    const warnings = await serverSettingWarnings(dataSource);
    if (autovacuum === 'on' && track_counts === 'on') expect(warnings).toEqual([]);
    else expect(warnings).toEqual([expect.stringMatching(/^autovacuum is off on this PostgreSQL server \(autovacuum=\w+, track_counts=\w+\): .*VACUUM \(ANALYZE\)/)]);
  });
});

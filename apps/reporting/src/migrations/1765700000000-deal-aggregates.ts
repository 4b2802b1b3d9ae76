import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AggregateDelta, readDeals, type Query } from '../deal-fact/deal-aggregates';

const DIMENSIONS = 'owner_id uuid, partner_id uuid, channel text, direction text, pipeline_id uuid, source text, is_repeat boolean';
const DIMENSION_KEY = 'owner_id, partner_id, channel, direction, pipeline_id, source, is_repeat';

/**
 * Pre-aggregated rows of the deals (ADR 0012, amended): counts and sums of what each deal contributes to the
 * reports, keyed by the dimensions reports filter on and a day, kept by the deal projection in its batch's
 * transaction. Deals projected before are added here from their facts, a thousand at a time, with the
 * projection's code of this version. Also an index on the history's moments, for the reader to know whether any
 * deal event is dated after now (then it reads the facts, which it cuts at now), and on the deals' win.
 */
export class DealAggregates1765700000000 implements MigrationInterface {
  name = 'DealAggregates1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const tables: Array<[string, string, string]> = [
      ['deal_agg_flow', 'kind text, day date, currency text, n integer NOT NULL, n_amount integer NOT NULL, cents bigint NOT NULL, cycle_ms bigint NOT NULL', 'kind, day, currency'],
      ['deal_agg_open', 'stage text, probability integer, expected_month text, currency text, n integer NOT NULL, n_amount integer NOT NULL, cents bigint NOT NULL', 'stage, probability, expected_month, currency'],
      ['deal_agg_funnel', 'day date, stages text, last_stage text, lost boolean, currency text, n integer NOT NULL, n_amount integer NOT NULL, cents bigint NOT NULL', 'day, stages, last_stage, lost, currency'],
      ['deal_agg_visit', 'day date, stage text, n integer NOT NULL, ms bigint NOT NULL', 'day, stage'],
    ];
    for (const [table, columns, key] of tables) {
      await queryRunner.query(`CREATE TABLE ${s}.${table} (${DIMENSIONS}, ${columns})`);
      // Named by table (a rebuild's copies get generated names): the key the projection's upserts infer.
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${DIMENSION_KEY}, ${key}) NULLS NOT DISTINCT`);
      await queryRunner.query(`CREATE INDEX ${table}_owner_idx ON ${s}.${table} (owner_id)`);
      await queryRunner.query(`CREATE INDEX ${table}_partner_idx ON ${s}.${table} (partner_id) WHERE partner_id IS NOT NULL`);
    }
    await queryRunner.query(`CREATE INDEX deal_fact_history_at_idx ON ${s}.deal_fact_history (at)`);
    // The median cycle is not a sum: the reader picks the middle won deals of the period from the facts.
    await queryRunner.query(`CREATE INDEX deal_fact_won_idx ON ${s}.deal_fact (won_at) WHERE won_at IS NOT NULL`);

    const query: Query = (sql, params) => queryRunner.query(sql, params);
    const table = (name: string): string => `${s}.${name}`;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids: Array<{ deal_id: string }> = await query(`SELECT deal_id FROM ${s}.deal_fact WHERE deal_id > $1 ORDER BY deal_id LIMIT 1000`, [after]);
      if (ids.length === 0) break;
      const dealIds = ids.map((row) => row.deal_id);
      await new AggregateDelta().add(await readDeals(query, table, dealIds), 1).write(query, table);
      after = dealIds[dealIds.length - 1];
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.deal_fact_won_idx`);
    await queryRunner.query(`DROP INDEX ${s}.deal_fact_history_at_idx`);
    for (const table of ['deal_agg_visit', 'deal_agg_funnel', 'deal_agg_open', 'deal_agg_flow']) await queryRunner.query(`DROP TABLE ${s}.${table}`);
  }
}

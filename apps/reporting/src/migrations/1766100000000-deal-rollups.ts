import { dropIndexesLike, schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES: Record<string, string> = {
  owner_id: 'uuid',
  partner_id: 'uuid',
  channel: 'text',
  direction: 'text',
  pipeline_id: 'uuid',
  source: 'text',
  is_repeat: 'boolean',
  kind: 'text',
  day: 'date',
  currency: 'text',
  stage: 'text',
  probability: 'integer',
  expected_month: 'text',
  stages: 'text',
  last_stage: 'text',
  lost: 'boolean',
  cycle_day: 'integer',
  n: 'integer',
  n_amount: 'integer',
  cents: 'bigint',
  cycle_ms: 'bigint',
  ms: 'bigint',
};

// The aggregates and rollups as this migration creates them (spelled out here, not imported: a later change to
// the rollups is a later migration).
const AGGREGATES: Array<{ table: string; keys: string[]; sums: string[] }> = [
  { table: 'deal_agg_flow', keys: ['kind', 'day', 'currency'], sums: ['n', 'n_amount', 'cents', 'cycle_ms'] },
  { table: 'deal_agg_open', keys: ['stage', 'probability', 'expected_month', 'currency'], sums: ['n', 'n_amount', 'cents'] },
  { table: 'deal_agg_funnel', keys: ['day', 'stages', 'last_stage', 'lost', 'currency'], sums: ['n', 'n_amount', 'cents'] },
  { table: 'deal_agg_visit', keys: ['day', 'stage'], sums: ['n', 'ms'] },
  { table: 'deal_agg_cycle', keys: ['day', 'cycle_day'], sums: ['n'] },
];
const DIMENSIONS = ['owner_id', 'partner_id', 'channel', 'direction', 'pipeline_id', 'source', 'is_repeat'];
const DEPARTMENT = ['channel', 'direction', 'pipeline_id', 'is_repeat'];
const ROLLUPS: Array<{ name: string; dimensions: string[]; drops: string[] }> = [
  { name: 'department', dimensions: DEPARTMENT, drops: [] },
  { name: 'owner', dimensions: ['owner_id', ...DEPARTMENT], drops: ['expected_month'] },
  { name: 'partner', dimensions: ['partner_id', ...DEPARTMENT], drops: ['expected_month'] },
];
/** The full-key tables with a day: a period's days outside its whole months are read from them by day. */
const BY_DAY = ['deal_agg_flow', 'deal_agg_funnel', 'deal_agg_visit', 'deal_agg_cycle'];

/**
 * Rollups of the deals' pre-aggregated rows (ADR 0012, third amendment): each aggregate again keyed by fewer
 * dimensions (the department's; with the owner; with the partner) and by month (`day` the month's first day) and
 * for all time (`day` null), kept by the deal projection with the same deltas as the full-key rows. Back-filled
 * here from the full-key rows, which are exact already: a rollup row is the sum of the full-key rows it covers.
 * Also an index by day on the full-key tables with a day, for a period's days before its first and after its last
 * whole month.
 *
 * And the won deals' cycles in whole days (`deal_agg_cycle`, full-key and rolled up, filled here from the facts by
 * the projection's rule): the summary's median cycle finds the day of cycle its middle ranks fall in from these
 * rows, then ranks only the won deals of that day of cycle, found by an index on the cycle.
 */
export class DealRollups1766100000000 implements MigrationInterface {
  name = 'DealRollups1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const cycleKeys = [...DIMENSIONS, 'day', 'cycle_day'];
    await queryRunner.query(`CREATE TABLE ${s}.deal_agg_cycle (${[...cycleKeys, 'n'].map((column) => `${column} ${TYPES[column]}`).join(', ')})`);
    await queryRunner.query(`ALTER TABLE ${s}.deal_agg_cycle ALTER COLUMN n SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX deal_agg_cycle_key ON ${s}.deal_agg_cycle (${cycleKeys.join(', ')}) NULLS NOT DISTINCT`);
    await queryRunner.query(`CREATE INDEX deal_agg_cycle_owner_idx ON ${s}.deal_agg_cycle (owner_id)`);
    await queryRunner.query(`CREATE INDEX deal_agg_cycle_partner_idx ON ${s}.deal_agg_cycle (partner_id) WHERE partner_id IS NOT NULL`);
    // A won deal's day of win (UTC) and whole days of cycle, in ms as the projection takes them (`cycleDayOf`).
    await queryRunner.query(
      `INSERT INTO ${s}.deal_agg_cycle (${[...cycleKeys, 'n'].join(', ')})
       SELECT ${DIMENSIONS.join(', ')}, (won_at AT TIME ZONE 'UTC')::date,
              floor((floor(extract(epoch FROM won_at) * 1000) - floor(extract(epoch FROM opened_at) * 1000)) / 86400000)::integer, count(*)::integer
         FROM ${s}.deal_fact WHERE won_at IS NOT NULL GROUP BY ${cycleKeys.map((_, index) => index + 1).join(', ')}`,
    );
    await queryRunner.query(`CREATE INDEX deal_fact_cycle_idx ON ${s}.deal_fact ((won_at - opened_at)) WHERE won_at IS NOT NULL`);
    for (const table of BY_DAY) await queryRunner.query(`CREATE INDEX ${table}_day_idx ON ${s}.${table} (day)`);
    for (const aggregate of AGGREGATES) {
      for (const rollup of ROLLUPS) {
        const table = `${aggregate.table}_${rollup.name}`;
        const keys = [...rollup.dimensions, ...aggregate.keys.filter((key) => !rollup.drops.includes(key))];
        const columns = [...keys.map((key) => `${key} ${TYPES[key]}`), ...aggregate.sums.map((sum) => `${sum} ${TYPES[sum]} NOT NULL`)];
        await queryRunner.query(`CREATE TABLE ${s}.${table} (${columns.join(', ')})`);
        // Named by table (a rebuild's copies get generated names): the key the projection's upserts infer.
        await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${keys.join(', ')}) NULLS NOT DISTINCT`);
        const sums = aggregate.sums.map((sum) => `sum(${sum})::${TYPES[sum]}`).join(', ');
        const fill = (day: string): Promise<unknown> =>
          queryRunner.query(
            `INSERT INTO ${s}.${table} (${[...keys, ...aggregate.sums].join(', ')})
             SELECT ${keys.map((key) => (key === 'day' ? day : key)).join(', ')}, ${sums}
               FROM ${s}.${aggregate.table} GROUP BY ${keys.map((_, index) => index + 1).join(', ')}`,
          );
        await fill(`date_trunc('month', day::timestamp)::date`);
        if (keys.includes('day')) await fill('NULL::date');
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const aggregate of AGGREGATES) {
      for (const rollup of ROLLUPS) await queryRunner.query(`DROP TABLE ${s}.${aggregate.table}_${rollup.name}`);
    }
    await dropIndexesLike(queryRunner, BY_DAY, '%USING btree (day)');
    await queryRunner.query(`DROP TABLE ${s}.deal_agg_cycle`);
    await dropIndexesLike(queryRunner, 'deal_fact', '%(won_at - opened_at)%');
  }
}

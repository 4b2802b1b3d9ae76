import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The table and its rollups as this migration creates them (spelled out here, not imported: a later change is a
// later migration).
const TABLE = 'lead_agg_created';
const DIMENSIONS: Array<[string, string]> = [
  ['owner_id', 'uuid'],
  ['partner_id', 'uuid'],
  ['channel', 'text'],
  ['direction', 'text'],
  ['pipeline_id', 'uuid'],
  ['source', 'text'],
  ['is_repeat', 'boolean'],
];
const DEPARTMENT = ['channel', 'direction', 'pipeline_id', 'is_repeat'];
const ROLLUPS: Array<{ name: string; dimensions: string[] }> = [
  { name: 'department', dimensions: DEPARTMENT },
  { name: 'owner', dimensions: ['owner_id', ...DEPARTMENT] },
  { name: 'partner', dimensions: ['partner_id', ...DEPARTMENT] },
];
const TYPE_OF = new Map(DIMENSIONS);

/**
 * The leads' counts (ADR 0012, fourth amendment): leads created, by day and by the deals' dimensions (the lead's
 * assignee as the owner; indirect when it went to a partner; no pipeline), and the same rollups as the deals' —
 * the department's, + owner, + partner, by month and for all time —, kept by the lead projection in its batch's
 * transaction. The summary and the managers report count leads from these rows instead of a million facts per
 * request. Back-filled here from the facts, by the projection's rule (the UTC day of creation).
 */
export class LeadAggregates1766300000000 implements MigrationInterface {
  name = 'LeadAggregates1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const keys = [...DIMENSIONS.map(([column]) => column), 'day'];
    await queryRunner.query(`CREATE TABLE ${s}.${TABLE} (${DIMENSIONS.map(([column, type]) => `${column} ${type}`).join(', ')}, day date, n integer NOT NULL)`);
    // Named by table (a rebuild's copies get generated names): the key the projection's upserts infer.
    await queryRunner.query(`CREATE UNIQUE INDEX ${TABLE}_key ON ${s}.${TABLE} (${keys.join(', ')}) NULLS NOT DISTINCT`);
    await queryRunner.query(`CREATE INDEX ${TABLE}_owner_idx ON ${s}.${TABLE} (owner_id)`);
    await queryRunner.query(`CREATE INDEX ${TABLE}_partner_idx ON ${s}.${TABLE} (partner_id) WHERE partner_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX ${TABLE}_day_idx ON ${s}.${TABLE} (day)`);
    await queryRunner.query(
      `INSERT INTO ${s}.${TABLE} (${[...keys, 'n'].join(', ')})
       SELECT assignee_id, partner_id, CASE WHEN partner_id IS NULL THEN 'direct' ELSE 'indirect' END, direction, NULL::uuid, source, is_repeat,
              (created_at AT TIME ZONE 'UTC')::date, count(*)::integer
         FROM ${s}.lead_fact GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    );
    for (const rollup of ROLLUPS) {
      const table = `${TABLE}_${rollup.name}`;
      const columns = [...rollup.dimensions, 'day'];
      await queryRunner.query(`CREATE TABLE ${s}.${table} (${rollup.dimensions.map((column) => `${column} ${TYPE_OF.get(column)}`).join(', ')}, day date, n integer NOT NULL)`);
      await queryRunner.query(`CREATE UNIQUE INDEX ${table}_key ON ${s}.${table} (${columns.join(', ')}) NULLS NOT DISTINCT`);
      for (const day of [`date_trunc('month', day::timestamp)::date`, 'NULL::date']) {
        await queryRunner.query(
          `INSERT INTO ${s}.${table} (${[...columns, 'n'].join(', ')})
           SELECT ${rollup.dimensions.join(', ')}, ${day}, sum(n)::integer FROM ${s}.${TABLE} GROUP BY ${columns.map((_, index) => index + 1).join(', ')}`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const rollup of ROLLUPS) await queryRunner.query(`DROP TABLE ${s}.${TABLE}_${rollup.name}`);
    await queryRunner.query(`DROP TABLE ${s}.${TABLE}`);
  }
}

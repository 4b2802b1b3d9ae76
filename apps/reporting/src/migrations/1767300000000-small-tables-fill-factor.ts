import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUPS } from './1766600000000-year-rows';

/**
 * The rollups' small tables, whose every row is updated by batch after batch (spelled out here, not derived from
 * deal-aggregates.ts): the year and all-time tables of the rollups with a day, the open deals' rollups (no day) and
 * the all-time rollups.
 */
const SMALL_TABLES: string[] = [
  ...ROLLUPS.flatMap((table) => [`${table}_years`, `${table}_ever`]),
  'deal_agg_open_department',
  'deal_agg_open_owner',
  'deal_agg_open_partner',
  'deal_agg_flow_owner_alone',
  'deal_agg_open_owner_alone',
  'lead_agg_created_owner_alone',
  'deal_agg_flow_partner_alone',
];

/**
 * Half of each page of the rollups' small tables left free (ADR 0012, seventeenth amendment). Each of their rows is
 * updated by most batches, and an update that finds no room on its row's page writes the new version on another page
 * (not HOT): the rows wander, and a table's few thousand rows end up spread one in every few pages of a table ten times
 * their size (at 100,000 deals `deal_agg_flow_owner_ever` held 3,595 rows on 322 pages, 42 % of its updates not HOT).
 * With room on the page the update stays there, and the old version is pruned on the next visit. Applies to pages
 * written from now on; a rebuild (which keeps storage parameters) or `VACUUM FULL` writes the existing ones anew.
 */
export class SmallTablesFillFactor1767300000000 implements MigrationInterface {
  name = 'SmallTablesFillFactor1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of SMALL_TABLES) await queryRunner.query(`ALTER TABLE ${s}.${table} SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of SMALL_TABLES) await queryRunner.query(`ALTER TABLE ${s}.${table} RESET (fillfactor)`);
  }
}

import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lead's region (ISO 3166-1 country or ISO 3166-2 subdivision, upper case), which partners' territories are
 * matched on. The list filter asks for one code or a country and its subdivisions (`region = 'DE' OR region LIKE
 * 'DE-%'`): a pattern-ops B-tree serves both, and only leads with a region take a place in it.
 */
export class LeadRegion1765100000000 implements MigrationInterface {
  name = 'LeadRegion1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`ALTER TABLE ${s}.lead ADD COLUMN region text`);
    await queryRunner.query(`CREATE INDEX lead_region_idx ON ${s}.lead (region text_pattern_ops, id) WHERE region IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.lead_region_idx`);
    await queryRunner.query(`ALTER TABLE ${s}.lead DROP COLUMN region`);
  }
}

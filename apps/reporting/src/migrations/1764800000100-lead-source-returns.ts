import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the lead-sources report needs for a source's and an event's return: which leads were converted (one row per
 * lead, written once, whatever the order against its creation) and what each marketing event cost.
 */
export class LeadSourceReturns1764800000100 implements MigrationInterface {
  name = 'LeadSourceReturns1764800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_conversion (
        lead_id uuid PRIMARY KEY,
        deal_id uuid NOT NULL,
        converted_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.marketing_event_fact (
        marketing_event_id uuid PRIMARY KEY,
        aggregate_version integer NOT NULL,
        event_id uuid NOT NULL,
        cost numeric(18,2),
        currency text,
        last_event_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX deal_fact_lead_idx ON ${s}.deal_fact (lead_id) WHERE lead_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX ${s}.deal_fact_lead_idx`);
    await queryRunner.query(`DROP TABLE ${s}.marketing_event_fact`);
    await queryRunner.query(`DROP TABLE ${s}.lead_conversion`);
  }
}

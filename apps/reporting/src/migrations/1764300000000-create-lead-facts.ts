import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per lead, as the lead events describe it: the facts every lead report groups and filters.
 * `aggregate_version` lets a late, older event lose to a newer one whatever the delivery order.
 */
export class CreateLeadFacts1764300000000 implements MigrationInterface {
  name = 'CreateLeadFacts1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}.lead_fact (
        lead_id uuid PRIMARY KEY,
        aggregate_version integer NOT NULL,
        source text NOT NULL,
        direction text NOT NULL,
        segment text NOT NULL,
        marketing_event_id uuid,
        assignee_id uuid,
        partner_id uuid,
        status text NOT NULL,
        is_repeat boolean NOT NULL,
        created_at timestamptz NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX lead_fact_created_idx ON ${schema}.lead_fact (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.lead_fact`);
  }
}

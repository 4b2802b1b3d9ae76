import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLeads1764200000000 implements MigrationInterface {
  name = 'CreateLeads1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}.lead (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        status text NOT NULL,
        contact_name text NOT NULL,
        contact_email text,
        contact_phone text,
        company_name text,
        company_tax_id text,
        source text NOT NULL,
        direction text NOT NULL,
        segment text NOT NULL,
        marketing_event_id uuid,
        title text,
        expected_amount numeric(18,2),
        currency char(3),
        assignee_id uuid,
        partner_id uuid,
        comment text,
        is_repeat boolean NOT NULL DEFAULT false,
        customer_id uuid,
        duplicate_of_id uuid,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT lead_amount_has_currency CHECK (expected_amount IS NULL OR currency IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX lead_assignee_idx ON ${schema}.lead (assignee_id, id)`);
    await queryRunner.query(`CREATE INDEX lead_partner_idx ON ${schema}.lead (partner_id, id) WHERE partner_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX lead_source_idx ON ${schema}.lead (source, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.lead`);
  }
}

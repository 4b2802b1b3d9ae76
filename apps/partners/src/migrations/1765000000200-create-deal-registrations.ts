import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deal registrations: the customer and its matching keys, the lifecycle, the protection window, the conflicts. */
export class CreateDealRegistrations1765000000200 implements MigrationInterface {
  name = 'CreateDealRegistrations1765000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.deal_registration (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        partner_id uuid NOT NULL REFERENCES ${s}.partner (id),
        status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'withdrawn', 'expired', 'closed')),
        customer_name text NOT NULL,
        customer_tax_id text,
        customer_email text,
        customer_website text,
        title text NOT NULL,
        expected_amount numeric(18,2) NOT NULL,
        currency char(3) NOT NULL,
        expected_close_date date NOT NULL,
        keys text[] NOT NULL,
        conflict boolean NOT NULL DEFAULT false,
        conflicts jsonb NOT NULL DEFAULT '[]',
        protection_days integer,
        protected_until timestamptz,
        extended_days integer,
        deal_id uuid UNIQUE,
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        override_by text,
        override_reason text,
        override_at timestamptz,
        outcome text CHECK (outcome IN ('won', 'lost')),
        closed_at timestamptz,
        submitted_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX deal_registration_partner_idx ON ${s}.deal_registration (partner_id, id)`);
    // The expiry schedule claims approved registrations whose protection ended, oldest first.
    await queryRunner.query(`CREATE INDEX deal_registration_protection_idx ON ${s}.deal_registration (protected_until) WHERE status = 'approved'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.deal_registration`);
  }
}

import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partners with their tiers, territories and routing weights, and the log of their commission rates. */
export class CreatePartners1765000000100 implements MigrationInterface {
  name = 'CreatePartners1765000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.partner (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('partner', 'agent', 'dealer', 'reseller')),
        tier text NOT NULL CHECK (tier IN ('gold', 'silver', 'bronze')),
        status text NOT NULL CHECK (status IN ('active', 'suspended')),
        territories text[] NOT NULL DEFAULT '{}',
        commission_rate numeric(5,4) NOT NULL CHECK (commission_rate BETWEEN 0 AND 1),
        routing_weight integer CHECK (routing_weight >= 0),
        status_reason text,
        status_changed_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Territory filters and, later, lead routing look partners up by region.
    await queryRunner.query(`CREATE INDEX partner_territories_idx ON ${s}.partner USING gin (territories)`);
    // The gateway's snapshot of suspended partners reads only these.
    await queryRunner.query(`CREATE INDEX partner_suspended_idx ON ${s}.partner (id) WHERE status = 'suspended'`);
    // A commission takes the rate in force when its deal was won, not when the event arrived: every rate is kept.
    await queryRunner.query(`
      CREATE TABLE ${s}.partner_rate (
        partner_id uuid NOT NULL REFERENCES ${s}.partner (id),
        effective_from timestamptz NOT NULL,
        rate numeric(5,4) NOT NULL CHECK (rate BETWEEN 0 AND 1),
        PRIMARY KEY (partner_id, effective_from)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.partner_rate`);
    await queryRunner.query(`DROP TABLE ${s}.partner`);
  }
}

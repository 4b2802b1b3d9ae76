import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lead routing to partners: the one routing setting, and the offers of leads to partners. */
export class CreateLeadOffers1765000000500 implements MigrationInterface {
  name = 'CreateLeadOffers1765000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.partner_routing (
        id smallint PRIMARY KEY CHECK (id = 1),
        enabled boolean NOT NULL,
        sources text[] NOT NULL,
        offer_hours integer NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz,
        updated_by text
      )`);
    await queryRunner.query(`INSERT INTO ${s}.partner_routing (id, enabled, sources, offer_hours, version) VALUES (1, false, '{}', 48, 0)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_offer (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        lead_id uuid NOT NULL,
        partner_id uuid NOT NULL REFERENCES ${s}.partner (id),
        region text NOT NULL,
        round integer NOT NULL,
        status text NOT NULL CHECK (status IN ('offered', 'accepted', 'declined', 'lapsed')),
        offered_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by text,
        reason text
      )`);
    // Never the same partner twice for one lead (a partner that declined or let it lapse is not asked again) …
    await queryRunner.query(`CREATE UNIQUE INDEX lead_offer_lead_partner_uq ON ${s}.lead_offer (lead_id, partner_id)`);
    // … and at most one open offer a lead, whatever the deliveries of its lead.created.
    await queryRunner.query(`CREATE UNIQUE INDEX lead_offer_open_uq ON ${s}.lead_offer (lead_id) WHERE status = 'offered'`);
    await queryRunner.query(`CREATE INDEX lead_offer_due_idx ON ${s}.lead_offer (expires_at) WHERE status = 'offered'`);
    await queryRunner.query(`CREATE INDEX lead_offer_partner_idx ON ${s}.lead_offer (partner_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.lead_offer`);
    await queryRunner.query(`DROP TABLE ${s}.partner_routing`);
  }
}

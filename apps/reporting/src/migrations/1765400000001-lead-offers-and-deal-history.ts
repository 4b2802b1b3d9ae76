import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two more read models (ADR 0012): the partners' lead offers (status by version, write-once dates), and every
 * deal event's attributes (owner, amount, ...) with the moment it describes, so that a report as of a past date
 * sees a deal under the owner and with the amount it had then. Deals projected before this migration get one
 * history row each, their current attributes from their opening: the best known until `npm run reporting:rebuild`
 * replays their events.
 */
export class LeadOffersAndDealHistory1765400000001 implements MigrationInterface {
  name = 'LeadOffersAndDealHistory1765400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.lead_offer_fact (
        offer_id uuid PRIMARY KEY,
        aggregate_version integer NOT NULL,
        event_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        status text NOT NULL,
        offered_at timestamptz NOT NULL,
        decided_at timestamptz,
        last_event_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.deal_fact_history (
        deal_id uuid NOT NULL,
        event_id uuid NOT NULL,
        aggregate_version integer NOT NULL,
        at timestamptz NOT NULL,
        pipeline_id uuid NOT NULL,
        owner_id uuid,
        partner_id uuid,
        channel text NOT NULL,
        direction text,
        source text,
        is_repeat boolean NOT NULL,
        amount numeric(18,2),
        currency text,
        PRIMARY KEY (deal_id, event_id)
      )`);
    await queryRunner.query(`
      INSERT INTO ${s}.deal_fact_history
        (deal_id, event_id, aggregate_version, at, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat, amount, currency)
      SELECT deal_id, event_id, aggregate_version, opened_at, pipeline_id, owner_id, partner_id, channel, direction, source, is_repeat, amount, currency
        FROM ${s}.deal_fact`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.deal_fact_history`);
    await queryRunner.query(`DROP TABLE ${s}.lead_offer_fact`);
  }
}

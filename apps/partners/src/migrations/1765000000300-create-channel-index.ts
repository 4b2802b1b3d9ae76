import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The channel index, fed by the leads and deals events (the partners service never reads their tables): open
 * leads with their partner and keys, customers with their keys, deals with their customer, partner and whether
 * they are open. Each fact carries the aggregate version that set it, so delivery order does not matter.
 */
export class CreateChannelIndex1765000000300 implements MigrationInterface {
  name = 'CreateChannelIndex1765000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.channel_lead (
        lead_id uuid PRIMARY KEY,
        keys text[] NOT NULL DEFAULT '{}',
        keys_version integer NOT NULL,
        open boolean NOT NULL,
        status_version integer NOT NULL,
        partner_id uuid,
        partner_version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX channel_lead_open_keys_idx ON ${s}.channel_lead USING gin (keys) WHERE open`);
    await queryRunner.query(`
      CREATE TABLE ${s}.channel_customer (
        customer_id uuid PRIMARY KEY,
        keys text[] NOT NULL,
        aggregate_version integer NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX channel_customer_keys_idx ON ${s}.channel_customer USING gin (keys)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.channel_deal (
        deal_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        partner_id uuid,
        channel text NOT NULL,
        facts_version integer NOT NULL,
        open boolean NOT NULL,
        registration_id uuid
      )`);
    await queryRunner.query(`CREATE INDEX channel_deal_open_customer_idx ON ${s}.channel_deal (customer_id) WHERE open`);
    // A customer's partner (its history) is found through its indirect deals.
    await queryRunner.query(`CREATE INDEX channel_deal_customer_partner_idx ON ${s}.channel_deal (customer_id, deal_id) WHERE partner_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${s}.channel_deal`);
    await queryRunner.query(`DROP TABLE ${s}.channel_customer`);
    await queryRunner.query(`DROP TABLE ${s}.channel_lead`);
  }
}

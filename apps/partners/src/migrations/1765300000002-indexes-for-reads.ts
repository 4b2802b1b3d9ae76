import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES: ReadonlyArray<[name: string, definition: string]> = [
  ['deal_registration_status_id_idx', 'deal_registration (status, id)'],
  ['deal_registration_partner_status_id_idx', 'deal_registration (partner_id, status, id)'],
  ['deal_registration_conflict_id_idx', 'deal_registration (id) WHERE conflict'],
  ['lead_offer_status_id_idx', 'lead_offer (status, id)'],
  ['lead_offer_partner_status_id_idx', 'lead_offer (partner_id, status, id)'],
  ['commission_status_id_idx', 'commission (status, id)'],
  ['commission_partner_status_id_idx', 'commission (partner_id, status, id)'],
  // The totals per status and currency beside every commission page, read from the index alone.
  ['commission_totals_idx', 'commission (partner_id, status, currency) INCLUDE (amount)'],
];

/**
 * Indexes for the partner lists as the API reads them (issue 16): each documented filter (`status`,
 * `conflict`) alone and within one partner's records, with the keyset order (`id DESC`) behind it.
 */
export class IndexesForReads1765300000002 implements MigrationInterface {
  name = 'IndexesForReads1765300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const [name, definition] of INDEXES) await queryRunner.query(`CREATE INDEX ${name} ON ${s}.${definition}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX ${s}.${name}`);
  }
}

import { ensureTrigramExtension, schemaOf, searchTextSql } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CUSTOMER_SEARCH_KEY_SQL } from '../customer/customer-search';

/**
 * Indexes for the lists as the API reads them at a million deals (issue 16): each documented filter with the
 * keyset order (`id DESC`) behind it, so a page is the first rows of one index range, not a sort of every match;
 * and trigram indexes on the stored normal form of what `q` searches (`search_key`: deal titles; customer names,
 * emails, phones and tax ids), so a piece of a word is found without reading every row.
 */
export class IndexesForReads1765300000001 implements MigrationInterface {
  name = 'IndexesForReads1765300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const trgm = await ensureTrigramExtension(queryRunner);
    // What q searches, in its normal form, stored: a plan that filters rows reads the key, it does not fold each row.
    await queryRunner.query(`ALTER TABLE ${s}.deal ADD COLUMN search_key text GENERATED ALWAYS AS (${searchTextSql('title')}) STORED`);
    await queryRunner.query(`ALTER TABLE ${s}.customer ADD COLUMN search_key text GENERATED ALWAYS AS (${CUSTOMER_SEARCH_KEY_SQL}) STORED`);
    const statements = [
      `CREATE INDEX deal_status_id_idx ON ${s}.deal (status, id)`,
      `CREATE INDEX deal_pipeline_id_idx ON ${s}.deal (pipeline_id, id)`,
      // The owner beside the id: a manager's customer scope (a deal of the customer owned or teamed by the
      // manager) is then answered from the index alone, without reading each deal's row.
      `CREATE INDEX deal_customer_id_idx ON ${s}.deal (customer_id, id) INCLUDE (owner_id)`,
      `CREATE INDEX deal_channel_id_idx ON ${s}.deal (channel, id)`,
      `CREATE INDEX deal_owner_status_id_idx ON ${s}.deal (owner_id, status, id)`,
      `CREATE INDEX deal_partner_status_id_idx ON ${s}.deal (partner_id, status, id) WHERE partner_id IS NOT NULL`,
      `CREATE INDEX deal_created_at_idx ON ${s}.deal (created_at)`,
      `CREATE INDEX deal_title_trgm_idx ON ${s}.deal USING gin (search_key ${trgm}.gin_trgm_ops)`,
      `CREATE INDEX customer_kind_id_idx ON ${s}.customer (kind, id)`,
      `CREATE INDEX customer_search_trgm_idx ON ${s}.customer USING gin (search_key ${trgm}.gin_trgm_ops)`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
    // (customer_id, status) is covered by (customer_id, id) for the list and by the won-deal check's filter.
    await queryRunner.query(`DROP INDEX ${s}.deal_customer_idx`);
    await queryRunner.query(`ANALYZE ${s}.deal`);
    await queryRunner.query(`ANALYZE ${s}.customer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE INDEX deal_customer_idx ON ${s}.deal (customer_id, status)`);
    for (const index of [
      'deal_status_id_idx',
      'deal_pipeline_id_idx',
      'deal_customer_id_idx',
      'deal_channel_id_idx',
      'deal_owner_status_id_idx',
      'deal_partner_status_id_idx',
      'deal_created_at_idx',
      'deal_title_trgm_idx',
      'customer_kind_id_idx',
      'customer_search_trgm_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${s}.${index}`);
    }
    await queryRunner.query(`ALTER TABLE ${s}.deal DROP COLUMN search_key`);
    await queryRunner.query(`ALTER TABLE ${s}.customer DROP COLUMN search_key`);
    // pg_trgm stays: other schemas of the database may use it.
  }
}

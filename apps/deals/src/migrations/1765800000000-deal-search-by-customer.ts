import { ensureTrigramExtension, schemaOf, searchTextSql } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deal search finds a deal by its customer's name too (issue 16: "q finds a deal by a piece of a name or
 * company"). A generated column cannot read another table, so the customer's name is kept on the deal
 * (`customer_name`) and folded into the stored `search_key` beside the title, which one trigram index answers.
 * The copy is kept by the database, whatever writes the row: a deal takes its customer's name when it is
 * inserted or moved to another customer, and a renamed customer renames its deals (no route renames a
 * customer today; a future one, or a fix by hand, cannot leave the search stale). The title and the name are
 * joined by a line break, so a pattern cannot match across the two.
 *
 * At a million deals this rewrites the table (the backfill, then the generated column): run it in a quiet hour.
 */
export class DealSearchByCustomer1765800000000 implements MigrationInterface {
  name = 'DealSearchByCustomer1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const trgm = await ensureTrigramExtension(queryRunner);
    // Dropping the old key drops its index (deal_title_trgm_idx) with it.
    await queryRunner.query(`ALTER TABLE ${s}.deal DROP COLUMN search_key`);
    await queryRunner.query(`ALTER TABLE ${s}.deal ADD COLUMN customer_name text`);
    await queryRunner.query(`UPDATE ${s}.deal d SET customer_name = c.name FROM ${s}.customer c WHERE c.id = d.customer_id`);
    await queryRunner.query(
      `ALTER TABLE ${s}.deal ADD COLUMN search_key text GENERATED ALWAYS AS (${searchTextSql(`title || E'\\n' || coalesce(customer_name, '')`)}) STORED`,
    );
    // Generated columns are computed after BEFORE triggers, so the key a trigger's name goes into is current.
    await queryRunner.query(`
      CREATE FUNCTION ${s}.deal_takes_customer_name() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.customer_name := (SELECT c.name FROM ${s}.customer c WHERE c.id = NEW.customer_id);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER deal_takes_customer_name BEFORE INSERT OR UPDATE OF customer_id ON ${s}.deal
      FOR EACH ROW EXECUTE FUNCTION ${s}.deal_takes_customer_name()`);
    await queryRunner.query(`
      CREATE FUNCTION ${s}.customer_renames_deals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ${s}.deal SET customer_name = NEW.name WHERE customer_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER customer_renames_deals AFTER UPDATE OF name ON ${s}.customer
      FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION ${s}.customer_renames_deals()`);
    const statements = [
      `CREATE INDEX deal_search_trgm_idx ON ${s}.deal USING gin (search_key ${trgm}.gin_trgm_ops)`,
      // The head of sales' filters of GET /deals, each with the keyset order behind it (as 1765300000001's).
      `CREATE INDEX deal_stage_id_idx ON ${s}.deal (stage, id)`,
      `CREATE INDEX deal_direction_id_idx ON ${s}.deal (direction, id)`,
      `CREATE INDEX deal_expected_close_idx ON ${s}.deal (expected_close_date) WHERE expected_close_date IS NOT NULL`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
    await queryRunner.query(`ANALYZE ${s}.deal`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const trgm = await ensureTrigramExtension(queryRunner);
    for (const index of ['deal_stage_id_idx', 'deal_direction_id_idx', 'deal_expected_close_idx']) await queryRunner.query(`DROP INDEX ${s}.${index}`);
    await queryRunner.query(`DROP TRIGGER customer_renames_deals ON ${s}.customer`);
    await queryRunner.query(`DROP FUNCTION ${s}.customer_renames_deals()`);
    await queryRunner.query(`DROP TRIGGER deal_takes_customer_name ON ${s}.deal`);
    await queryRunner.query(`DROP FUNCTION ${s}.deal_takes_customer_name()`);
    await queryRunner.query(`ALTER TABLE ${s}.deal DROP COLUMN search_key`);
    await queryRunner.query(`ALTER TABLE ${s}.deal DROP COLUMN customer_name`);
    await queryRunner.query(`ALTER TABLE ${s}.deal ADD COLUMN search_key text GENERATED ALWAYS AS (${searchTextSql('title')}) STORED`);
    await queryRunner.query(`CREATE INDEX deal_title_trgm_idx ON ${s}.deal USING gin (search_key ${trgm}.gin_trgm_ops)`);
  }
}

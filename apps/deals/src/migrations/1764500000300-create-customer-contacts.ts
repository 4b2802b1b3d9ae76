import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The people to talk to at a customer. */
export class CreateCustomerContacts1764500000300 implements MigrationInterface {
  name = 'CreateCustomerContacts1764500000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.customer_contact (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES ${s}.customer (id) ON DELETE CASCADE,
        name text NOT NULL,
        position text,
        email text,
        phone text
      )`);
    await queryRunner.query(`CREATE INDEX customer_contact_customer_idx ON ${s}.customer_contact (customer_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.customer_contact`);
  }
}

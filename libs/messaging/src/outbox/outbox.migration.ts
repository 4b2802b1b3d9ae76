import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@saleswire/database';

/**
 * The outbox (events written with the change that caused them, waiting for the relay) and the inbox (events
 * this service has already applied). Every service that publishes or consumes lists this migration first.
 */
export class MessagingTables1764100000000 implements MigrationInterface {
  name = 'MessagingTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}.outbox_event (
        id uuid PRIMARY KEY,
        subject text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query(
      `CREATE INDEX outbox_event_unpublished_idx ON ${schema}.outbox_event (created_at, id) WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX outbox_event_published_idx ON ${schema}.outbox_event (published_at) WHERE published_at IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE ${schema}.inbox_event (
        event_id uuid NOT NULL,
        consumer text NOT NULL,
        subject text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, consumer)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}.inbox_event`);
    await queryRunner.query(`DROP TABLE ${schema}.outbox_event`);
  }
}

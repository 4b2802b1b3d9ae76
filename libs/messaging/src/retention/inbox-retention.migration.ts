import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets the pruner find old inbox rows without reading the whole inbox (MessagePruner): the inbox's key is
 * (event_id, consumer), in no order of time. The outbox already has `outbox_event_published_idx`.
 */
export class InboxRetention1765300000003 implements MigrationInterface {
  name = 'InboxRetention1765300000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX inbox_event_received_idx ON ${schemaOf(queryRunner)}.inbox_event (received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ${schemaOf(queryRunner)}.inbox_event_received_idx`);
  }
}

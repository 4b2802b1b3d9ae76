import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '@saleswire/database';
import { MessagingTables1764100000000 } from './outbox.migration';
import { InboxRetention1765300000003 } from '../retention/inbox-retention.migration';

/**
 * Lets one outbox row carry many events: a transaction that emits thousands (a bulk import) stores them as a
 * few rows of newline-separated envelopes instead of one row each, which the relay would otherwise claim,
 * mark and purge one by one. A row holds either `envelope` (one event) or `envelopes` (`event_count` of them).
 */
export class OutboxBatches1764600000000 implements MigrationInterface {
  name = 'OutboxBatches1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`
      ALTER TABLE ${schema}.outbox_event
        ALTER COLUMN subject DROP NOT NULL,
        ALTER COLUMN envelope DROP NOT NULL,
        ADD COLUMN envelopes text,
        ADD COLUMN event_count integer NOT NULL DEFAULT 1,
        ADD CONSTRAINT outbox_event_one_body CHECK ((envelope IS NULL) <> (envelopes IS NULL))`);
    // A batch is ~0.5 MB of JSON: lz4 compresses it several times faster than the default pglz. A server
    // built without lz4 keeps pglz.
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE ${schema}.outbox_event ALTER COLUMN envelopes SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    // Batched events that are still waiting would be lost: the relay must have published them first.
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM ${schema}.outbox_event WHERE envelopes IS NOT NULL AND published_at IS NULL) THEN
          RAISE EXCEPTION 'the outbox holds unpublished batches of events; start the service so its relay publishes them, then revert';
        END IF;
      END $$`);
    await queryRunner.query(`DELETE FROM ${schema}.outbox_event WHERE envelopes IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE ${schema}.outbox_event
        DROP CONSTRAINT outbox_event_one_body,
        DROP COLUMN event_count,
        DROP COLUMN envelopes,
        ALTER COLUMN envelope SET NOT NULL,
        ALTER COLUMN subject SET NOT NULL`);
  }
}

/** The messaging tables' migrations, oldest first: every service that publishes or consumes lists them first. */
export const MESSAGING_MIGRATIONS = [MessagingTables1764100000000, OutboxBatches1764600000000, InboxRetention1765300000003];

import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Marketing events (exhibitions, seminars, conferences…) with dates, city and cost, for their return. */
export class MarketingEvents1764510000000 implements MigrationInterface {
  name = 'MarketingEvents1764510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${s}.marketing_event (
        id uuid PRIMARY KEY,
        version integer NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        city text,
        cost numeric(18,2),
        currency char(3),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT marketing_event_dates CHECK (ends_on >= starts_on),
        CONSTRAINT marketing_event_cost_has_currency CHECK (cost IS NULL OR currency IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX marketing_event_dates_idx ON ${s}.marketing_event (starts_on, ends_on)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${schemaOf(queryRunner)}.marketing_event`);
  }
}

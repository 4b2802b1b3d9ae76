import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lead's first history entry (none → new, by its creator, when it was created) is read from the lead itself
 * rather than stored: the row repeated what the lead holds, and cost a row, two index entries and a foreign
 * key check for every lead created or imported.
 */
export class CreationInHistory1764550000000 implements MigrationInterface {
  name = 'CreationInHistory1764550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DELETE FROM ${s}.lead_status_history WHERE from_status IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      INSERT INTO ${s}.lead_status_history (id, lead_id, from_status, to_status, reason, actor_id, changed_at)
      SELECT gen_random_uuid(), id, NULL, 'new', NULL, created_by::text, created_at FROM ${s}.lead`);
  }
}

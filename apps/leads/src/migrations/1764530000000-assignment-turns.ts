import { schemaOf } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assignment turns come from a sequence instead of a counter on the rule's row: a row lock held until commit
 * made every lead creation wait for the one before it (about 130 creations a second in `npm run bench`).
 */
export class AssignmentTurns1764530000000 implements MigrationInterface {
  name = 'AssignmentTurns1764530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE SEQUENCE ${s}.assignment_turn MINVALUE 1 START 1`);
    await queryRunner.query(`SELECT setval('${s}.assignment_turn', (SELECT turn + 1 FROM ${s}.assignment_rule WHERE id = 1), false)`);
    await queryRunner.query(`ALTER TABLE ${s}.assignment_rule DROP COLUMN turn, DROP COLUMN weighted_state`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(
      `ALTER TABLE ${s}.assignment_rule ADD COLUMN turn bigint NOT NULL DEFAULT 0, ADD COLUMN weighted_state jsonb NOT NULL DEFAULT '{}'::jsonb`,
    );
    await queryRunner.query(`UPDATE ${s}.assignment_rule SET turn = (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${s}.assignment_turn)`);
    await queryRunner.query(`DROP SEQUENCE ${s}.assignment_turn`);
  }
}

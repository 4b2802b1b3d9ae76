import { eventSubject, PIPELINE_CREATED_V1, SYSTEM_ACTOR, type EventEnvelope, type PipelineCreatedV1 } from '@saleswire/contracts';
import { schemaOf, uuidv7 } from '@saleswire/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Announces the pipelines that exist before `pipeline.created` was published (the seeded defaults, and any made
 * since), through the outbox, so that reporting learns their stages from events like those created later.
 */
export class AnnouncePipelines1764800000100 implements MigrationInterface {
  name = 'AnnouncePipelines1764800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const pipelines: Array<{ id: string; version: number; name: string; kind: PipelineCreatedV1['kind']; is_default: boolean; requires_payment: boolean; created_at: Date }> =
      await queryRunner.query(`SELECT id, version, name, kind, is_default, requires_payment, created_at FROM ${s}.pipeline ORDER BY created_at, id`);
    for (const pipeline of pipelines) {
      const stages: PipelineCreatedV1['stages'] = await queryRunner.query(
        `SELECT code, name, semantics, probability FROM ${s}.pipeline_stage WHERE pipeline_id = $1 ORDER BY position`,
        [pipeline.id],
      );
      const now = new Date().toISOString();
      const envelope: EventEnvelope<PipelineCreatedV1> = {
        eventId: uuidv7(),
        type: PIPELINE_CREATED_V1.type,
        version: PIPELINE_CREATED_V1.version,
        occurredAt: now,
        producer: 'deals',
        aggregateId: pipeline.id,
        aggregateVersion: pipeline.version,
        correlationId: uuidv7(),
        causationId: null,
        actor: SYSTEM_ACTOR,
        payload: {
          pipelineId: pipeline.id,
          name: pipeline.name,
          kind: pipeline.kind,
          isDefault: pipeline.is_default,
          requiresPayment: pipeline.requires_payment,
          stages: stages.map((stage) => ({ ...stage, probability: Number(stage.probability) })),
          createdAt: new Date(pipeline.created_at).toISOString(),
        },
      };
      await queryRunner.query(`INSERT INTO ${s}.outbox_event (id, subject, envelope, created_at) VALUES ($1, $2, $3::jsonb, $4)`, [
        envelope.eventId,
        eventSubject(envelope.type, envelope.version),
        JSON.stringify(envelope),
        now,
      ]);
    }
  }

  async down(): Promise<void> {
    // The announcements may have been published; nothing to take back.
  }
}

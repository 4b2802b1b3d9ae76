import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from './roles';
import { ValidatedSeparately } from './validation';

/** Who caused a change: a user, an API key, or the platform itself (`system`). */
export class ActorV1 {
  @IsString()
  @IsNotEmpty()
  id!: string;

  @IsIn([...ROLES, 'system'])
  role!: Role | 'system';

  @IsOptional()
  @IsUUID()
  partnerId?: string | null;
}

export const SYSTEM_ACTOR: ActorV1 = { id: 'system', role: 'system', partnerId: null };

/** The envelope every event travels in (DESIGN.md, "Messages"). */
export interface EventEnvelope<P = unknown> {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  aggregateId: string;
  aggregateVersion: number;
  correlationId: string;
  causationId: string | null;
  actor: ActorV1;
  payload: P;
  /**
   * W3C trace context of the outbox row that stored the event (ADR 0018), present only when the producer
   * traces: consumers continue the trace from it when the message carries no `traceparent` header.
   */
  traceparent?: string;
}

/** Validation class for the envelope; the payload is validated separately by its contract class. */
export class EventEnvelopeSchema implements EventEnvelope<Record<string, unknown>> {
  @IsUUID()
  eventId!: string;

  @IsString()
  @IsNotEmpty()
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsString()
  @IsNotEmpty()
  producer!: string;

  @IsString()
  @IsNotEmpty()
  aggregateId!: string;

  @IsInt()
  @Min(1)
  aggregateVersion!: number;

  @IsString()
  @IsNotEmpty()
  correlationId!: string;

  @IsOptional()
  @IsString()
  causationId!: string | null;

  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsOptional()
  @IsString()
  traceparent?: string;

  /** Validated by its event's payload class, which the consumer picks by the event's type. */
  @IsObject()
  @ValidatedSeparately()
  payload!: Record<string, unknown>;
}

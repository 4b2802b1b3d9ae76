import { type ActorV1, type CreatePartnerInputV1, distinctOrigins } from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import type { PartnerEntity } from './partner.entity';
import { normaliseTerritories } from './region.policy';

export type NewPartnerFields = Omit<PartnerEntity, 'version' | 'createdAt' | 'updatedAt' | 'assignId'>;

/** A new partner: active, its name trimmed, its territories canonical, its weight its own or its tier's (null). */
export function newPartnerFields(input: CreatePartnerInputV1, actor: ActorV1): NewPartnerFields {
  return {
    id: uuidv7(),
    name: input.name.trim(),
    kind: input.kind,
    tier: input.tier,
    status: 'active',
    territories: normaliseTerritories(input.territories),
    commissionRate: input.commissionRate,
    routingWeight: input.routingWeight ?? null,
    allowedOrigins: distinctOrigins(input.allowedOrigins ?? []),
    statusReason: null,
    statusChangedAt: null,
    createdBy: actor.id,
  };
}

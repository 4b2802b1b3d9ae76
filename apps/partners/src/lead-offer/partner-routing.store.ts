import { Injectable } from '@nestjs/common';
import type { ActorV1, LeadSource, PartnerRoutingInputV1, PartnerRoutingViewV1 } from '@saleswire/contracts';
import { queryNamed, tableOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';

interface RoutingRow {
  enabled: boolean;
  sources: LeadSource[];
  offer_hours: number;
  version: number;
  updated_at: Date | null;
  updated_by: string | null;
}

function toView(row: RoutingRow): PartnerRoutingViewV1 {
  return {
    enabled: row.enabled,
    sources: row.sources,
    offerHours: row.offer_hours,
    version: row.version,
    updatedAt: row.updated_at?.toISOString() ?? null,
    updatedBy: row.updated_by,
  };
}

/** The one routing setting (a single row the migration made: off, no sources, 48 hours). */
@Injectable()
export class PartnerRoutingStore {
  async get(manager: EntityManager): Promise<PartnerRoutingViewV1> {
    const [row]: RoutingRow[] = await queryNamed(manager, `SELECT * FROM ${tableOf(manager, 'partner_routing')} WHERE id = 1`);
    return toView(row);
  }

  async put(manager: EntityManager, input: PartnerRoutingInputV1, actor: ActorV1): Promise<PartnerRoutingViewV1> {
    // TypeORM answers an UPDATE as [rows, count].
    const [[row]]: [RoutingRow[], number] = await manager.query(
      `UPDATE ${tableOf(manager, 'partner_routing')}
          SET enabled = $1, sources = $2::text[], offer_hours = $3, version = version + 1, updated_at = now(), updated_by = $4
        WHERE id = 1 RETURNING *`,
      [input.enabled, [...new Set(input.sources)], input.offerHours, actor.id],
    );
    return toView(row);
  }
}

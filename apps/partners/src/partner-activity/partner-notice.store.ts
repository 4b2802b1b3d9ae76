import { Injectable } from '@nestjs/common';
import { tableOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';

/** One leads or deals fact told to a partner: its event type, and the record at its version. */
export interface NoticeSource {
  type: string;
  aggregateId: string;
  aggregateVersion: number;
  partnerId: string;
}

/**
 * The facts already told to partners (ADR 0008: a ledger, so SQL). The inbox drops a redelivered event; this drops
 * the same fact re-published as another event (another event id), so a partner's feed tells each change once.
 */
@Injectable()
export class PartnerNoticeStore {
  /** Records the fact; true when it is new (tell it), false when it was told already. */
  async first(manager: EntityManager, source: NoticeSource): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${tableOf(manager, 'partner_notice')} (source_type, aggregate_id, aggregate_version, partner_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [source.type, source.aggregateId, source.aggregateVersion, source.partnerId],
    );
    return inserted.length === 1;
  }
}

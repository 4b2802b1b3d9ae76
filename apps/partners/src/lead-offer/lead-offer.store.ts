import { Injectable } from '@nestjs/common';
import type { ActorV1, ListLeadOffersQueryV1 } from '@saleswire/contracts';
import { tableOf } from '@saleswire/database';
import { LessThanOrEqual, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { reachCondition } from '../common/partner-access.policy';
import { PartnerEntity } from '../partner/partner.entity';
import { countryOf } from '../partner/region.policy';
import { LeadOfferEntity } from './lead-offer.entity';
import { LeadOfferNotFoundError } from './lead-offer.errors';

/** The offers: read in the caller's scope, locked to answer, claimed when due, and the partners a lead may go to. */
@Injectable()
export class LeadOfferStore {
  /** The offers the actor may see, as a query to narrow further (alias `o`): a partner user its partner's only. */
  scoped(manager: EntityManager, actor: ActorV1): SelectQueryBuilder<LeadOfferEntity> {
    const qb = manager.getRepository(LeadOfferEntity).createQueryBuilder('o');
    const reach = reachCondition(actor, 'o.partner_id');
    if (reach) qb.where(reach.sql, reach.params);
    return qb;
  }

  /** The offer locked for an answer, if the actor may see it; otherwise a 404, as for one that does not exist. */
  async lockVisible(manager: EntityManager, id: string, actor: ActorV1): Promise<LeadOfferEntity> {
    const offer = await this.scoped(manager, actor).andWhere('o.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!offer) throw new LeadOfferNotFoundError(id);
    return offer;
  }

  list(manager: EntityManager, actor: ActorV1, query: ListLeadOffersQueryV1, after: string | undefined, take: number): Promise<LeadOfferEntity[]> {
    return this.listQuery(manager, actor, query, after).take(take).getMany();
  }

  /** The page's query as `list` runs it (without the limit): what the plan tests explain. */
  listQuery(manager: EntityManager, actor: ActorV1, query: ListLeadOffersQueryV1, after: string | undefined): SelectQueryBuilder<LeadOfferEntity> {
    const qb = this.scoped(manager, actor);
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.partnerId) qb.andWhere('o.partner_id = :partnerId', { partnerId: query.partnerId });
    if (query.leadId) qb.andWhere('o.lead_id = :leadId', { leadId: query.leadId });
    if (after) qb.andWhere('o.id < :after', { after });
    return qb.orderBy('o.id', 'DESC');
  }

  /**
   * Holds the lead's routing for the rest of the transaction (a transaction-scoped advisory lock on its id), so a
   * second delivery of its lead.created, a decline and a lapse of the same lead take turns.
   */
  async lockLead(manager: EntityManager, leadId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 11))`, [leadId]);
  }

  /** The partners already asked about this lead (its offers so far, whatever became of them). */
  async asked(manager: EntityManager, leadId: string): Promise<Set<string>> {
    const rows: Array<{ partner_id: string }> = await manager.query(`SELECT partner_id FROM ${tableOf(manager, 'lead_offer')} WHERE lead_id = $1`, [leadId]);
    return new Set(rows.map((row) => row.partner_id));
  }

  /** Active partners with a territory the region may lie in (its own code or its country): the policy decides. */
  partnersNear(manager: EntityManager, region: string): Promise<PartnerEntity[]> {
    const codes = [...new Set([region, countryOf(region)])];
    return manager
      .getRepository(PartnerEntity)
      .createQueryBuilder('p')
      .where(`p.status = 'active'`)
      .andWhere('p.territories && :codes::text[]', { codes })
      .getMany();
  }

  async insert(manager: EntityManager, offer: LeadOfferEntity): Promise<LeadOfferEntity> {
    await manager.insert(LeadOfferEntity, offer);
    return offer;
  }

  save(manager: EntityManager, offer: LeadOfferEntity): Promise<LeadOfferEntity> {
    return manager.save(offer);
  }

  /** Open offers whose time ran out, locked and skipped by any other replica claiming at the same moment. */
  claimDue(manager: EntityManager, now: Date, limit: number): Promise<LeadOfferEntity[]> {
    return manager.getRepository(LeadOfferEntity).find({
      where: { status: 'offered', expiresAt: LessThanOrEqual(now) },
      order: { expiresAt: 'ASC' },
      take: limit,
      lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
    });
  }
}

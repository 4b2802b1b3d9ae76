import { idAfterCursor } from '@saleswire/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  type CommissionPageV1,
  type CommissionStatus,
  type CommissionTotalV1,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type ListCommissionsQueryV1,
} from '@saleswire/contracts';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { PartnerStore } from '../partner/partner.store';
import type { CommissionEntity } from './commission.entity';
import { toCommissionView } from './commission.mapper';
import { CommissionStore } from './commission.store';

/**
 * `GET /commissions` and `GET /partners/{id}/commissions`: a page newest first, and the totals per status and
 * currency of every commission the filters select (money in different currencies is never added up).
 */
@Injectable()
export class CommissionQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: CommissionStore,
    private readonly partners: PartnerStore,
  ) {}

  async list(query: ListCommissionsQueryV1, actor: ActorV1, ofPartner?: string): Promise<CommissionPageV1> {
    const manager = this.dataSource.manager;
    // A partner's own page answers 404 for a partner the caller cannot see, as its GET does.
    if (ofPartner) await this.partners.findVisible(manager, ofPartner, actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.listQuery(query, actor, ofPartner).take(limit + 1).getMany();
    const items = rows.slice(0, limit);
    const totals: Array<{ status: CommissionStatus; currency: string; amount: string; count: string }> = await this.filtered(query, actor, ofPartner)
      .select('c.status', 'status')
      .addSelect('c.currency', 'currency')
      .addSelect('sum(c.amount)', 'amount')
      .addSelect('count(*)', 'count')
      .groupBy('c.status')
      .addGroupBy('c.currency')
      .orderBy('c.status')
      .addOrderBy('c.currency')
      .getRawMany();
    return {
      items: items.map(toCommissionView),
      nextCursor: rows.length > limit ? encodeCursor({ id: items[items.length - 1].id }) : null,
      totals: totals.map(
        (total): CommissionTotalV1 => ({ status: total.status, currency: total.currency.trim(), amount: Number(total.amount), count: Number(total.count) }),
      ),
    };
  }

  /** The page's query as `list` runs it (without the limit): what the plan tests explain. */
  listQuery(query: ListCommissionsQueryV1, actor: ActorV1, ofPartner?: string): SelectQueryBuilder<CommissionEntity> {
    const page = this.filtered(query, actor, ofPartner);
    const after = idAfterCursor(query.cursor);
    if (after) page.andWhere('c.id < :after', { after });
    return page.orderBy('c.id', 'DESC');
  }

  private filtered(query: ListCommissionsQueryV1, actor: ActorV1, ofPartner?: string): SelectQueryBuilder<CommissionEntity> {
    const qb = this.store.scoped(this.dataSource.manager, actor);
    if (ofPartner) qb.andWhere('c.partner_id = :ofPartner', { ofPartner });
    if (query.partnerId) qb.andWhere('c.partner_id = :partnerId', { partnerId: query.partnerId });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.currency) qb.andWhere('c.currency = :currency', { currency: query.currency.toUpperCase() });
    if (query.dealId) qb.andWhere('c.deal_id = :dealId', { dealId: query.dealId });
    return qb;
  }
}

import { idAfterCursor } from '@saleswire/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  DEFAULT_PAGE_SIZE,
  type DealRegistrationViewV1,
  encodeCursor,
  type ListDealRegistrationsQueryV1,
  type Page,
} from '@saleswire/contracts';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { DealRegistrationEntity } from './deal-registration.entity';
import { toRegistrationView } from './registration.mapper';
import { RegistrationStore } from './registration.store';

/** Reading registrations in the caller's scope: one, or a filtered page, newest first. */
@Injectable()
export class RegistrationQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: RegistrationStore,
  ) {}

  async list(query: ListDealRegistrationsQueryV1, actor: ActorV1): Promise<Page<DealRegistrationViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.listQuery(query, actor).take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((registration) => toRegistrationView(registration, actor)),
      nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1].id }) : null,
    };
  }

  /** The page's query as `list` runs it (without the limit): what the plan tests explain. */
  listQuery(query: ListDealRegistrationsQueryV1, actor: ActorV1): SelectQueryBuilder<DealRegistrationEntity> {
    const qb = this.store.scoped(this.dataSource.manager, actor);
    // Another partner's id as a filter finds nothing for a partner user: the scope already narrowed to its own.
    if (query.partnerId) qb.andWhere('r.partner_id = :partnerId', { partnerId: query.partnerId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.conflict) qb.andWhere('r.conflict = :conflict', { conflict: query.conflict === 'true' });
    const after = idAfterCursor(query.cursor);
    if (after) qb.andWhere('r.id < :after', { after });
    return qb.orderBy('r.id', 'DESC');
  }

  async get(id: string, actor: ActorV1): Promise<DealRegistrationViewV1> {
    return toRegistrationView(await this.store.findVisible(this.dataSource.manager, id, actor), actor);
  }
}

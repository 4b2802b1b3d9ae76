import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ActorV1, DEFAULT_PAGE_SIZE, encodeCursor, type LeadOfferViewV1, type ListLeadOffersQueryV1, type Page } from '@saleswire/contracts';
import { idAfterCursor } from '@saleswire/messaging';
import type { DataSource } from 'typeorm';
import { toLeadOfferView } from './lead-offer.mapper';
import { LeadOfferStore } from './lead-offer.store';

/** `GET /lead-offers`: newest first in the caller's scope (a partner user sees its own partner's offers only). */
@Injectable()
export class LeadOfferQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: LeadOfferStore,
  ) {}

  async list(query: ListLeadOffersQueryV1, actor: ActorV1): Promise<Page<LeadOfferViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.store.list(this.dataSource.manager, actor, query, idAfterCursor(query.cursor), limit + 1);
    const items = rows.slice(0, limit).map(toLeadOfferView);
    return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items[items.length - 1].id }) : null };
  }
}

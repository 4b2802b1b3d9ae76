import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  type DealViewV1,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type ListDealsQueryV1,
  type Page,
} from '@saleswire/contracts';
import { idAfterCursor } from '@saleswire/messaging';
import { containsPattern, namedEntities, searchPage, type TextCondition } from '@saleswire/database';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { DealEntity } from './deal.entity';
import { DealNotFoundError } from './deal.errors';
import { DealHistory } from './deal.history';
import { toDealView } from './deal.mapper';
import { DealStore } from './deal.store';

const EQUAL_FILTERS: ReadonlyArray<[keyof ListDealsQueryV1, string]> = [
  ['status', 'status'],
  ['stage', 'stage'],
  ['ownerId', 'owner_id'],
  ['customerId', 'customer_id'],
  ['pipelineId', 'pipeline_id'],
  ['channel', 'channel'],
  ['direction', 'direction'],
  ['partnerId', 'partner_id'],
];

/** Reading deals in the caller's scope: one with its stage history, a filtered page, or a customer's deals. */
@Injectable()
export class DealQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DealStore,
    private readonly history: DealHistory,
  ) {}

  /**
   * Keyset pagination on the id (UUID v7, so newest first is id descending); the cursor is the last id. A search
   * page is read by `searchPage`, from the trigram index when few deals match.
   */
  async list(query: ListDealsQueryV1, actor: ActorV1): Promise<Page<DealViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = query.q
      ? await searchPage(this.listQuery({ ...query, q: undefined }, actor), dealSearch(query.q), limit + 1)
      : await this.page(this.listQuery(query, actor), limit + 1, hasRange(query));
    const page = rows.slice(0, limit);
    const items = await this.views(this.dataSource.manager, page);
    return { items, nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1].id }) : null };
  }

  /**
   * A page of equality filters, each with an index that leads with it and the id: few shapes and one good plan
   * each, planned once per connection, its SQL written once per shape (`namedEntities`). A range of dates is left to a plan of its values:
   * how many deals a period holds decides between its date index and the id's.
   */
  private page(qb: SelectQueryBuilder<DealEntity>, take: number, range: boolean): Promise<DealEntity[]> {
    if (range) return qb.take(take).getMany();
    return namedEntities(this.dataSource, qb.take(take));
  }

  /** The page's query as `list` runs it (without the limit): what the plan tests explain. */
  listQuery(query: ListDealsQueryV1, actor: ActorV1): SelectQueryBuilder<DealEntity> {
    const qb = this.store.scoped(this.dataSource.manager, actor);
    for (const [field, column] of EQUAL_FILTERS) {
      // Absent filters are left out: TypeORM 1.x throws on undefined in a condition (STACK.md).
      const value = query[field];
      if (value !== undefined) qb.andWhere(`d.${column} = :${field}`, { [field]: value });
    }
    if (query.createdFrom) qb.andWhere('d.created_at >= :createdFrom', { createdFrom: query.createdFrom });
    if (query.createdTo) qb.andWhere('d.created_at < :createdTo', { createdTo: query.createdTo });
    if (query.expectedCloseFrom) qb.andWhere('d.expected_close_date >= :expectedCloseFrom', { expectedCloseFrom: query.expectedCloseFrom });
    if (query.expectedCloseTo) qb.andWhere('d.expected_close_date < :expectedCloseTo', { expectedCloseTo: query.expectedCloseTo });
    if (query.q) {
      const search = dealSearch(query.q);
      qb.andWhere(search.sql, search.params);
    }
    const after = idAfterCursor(query.cursor);
    if (after) qb.andWhere('d.id < :after', { after });
    return qb.orderBy('d.id', 'DESC');
  }

  /** `GET /deals/{id}` with its stage history, oldest first. */
  async get(id: string, actor: ActorV1): Promise<DealViewV1> {
    const manager = this.dataSource.manager;
    const deal = await this.store.scoped(manager, actor).andWhere('d.id = :id', { id }).getOne();
    if (!deal) throw new DealNotFoundError(id);
    const [team, history] = await Promise.all([this.store.teamOf(manager, [id]), this.history.of(manager, id)]);
    return toDealView(deal, team, history);
  }

  /** The deals of a customer, newest first, in the caller's scope. */
  async ofCustomer(customerId: string, actor: ActorV1): Promise<DealViewV1[]> {
    const manager = this.dataSource.manager;
    const query = this.store.scoped(manager, actor).andWhere('d.customer_id = :customerId', { customerId }).orderBy('d.id', 'DESC');
    // One shape per scope, by the customer's index: planned once per connection.
    const rows = await namedEntities(this.dataSource, query);
    return this.views(manager, rows);
  }

  private async views(manager: EntityManager, deals: DealEntity[]): Promise<DealViewV1[]> {
    const team = await this.store.teamOf(manager, deals.map((deal) => deal.id));
    return deals.map((deal) => toDealView(deal, team.filter((member) => member.dealId === deal.id)));
  }
}

/**
 * A piece of the title or of the customer's name (kept on the deal, migration 1765800000000), in any case, `ё` as
 * `е`: the trigram index on the stored search key answers it.
 */
function dealSearch(q: string): TextCondition {
  return { sql: 'd.search_key LIKE :q', params: { q: containsPattern(q) } };
}

function hasRange(query: ListDealsQueryV1): boolean {
  return [query.createdFrom, query.createdTo, query.expectedCloseFrom, query.expectedCloseTo].some((value) => value !== undefined);
}

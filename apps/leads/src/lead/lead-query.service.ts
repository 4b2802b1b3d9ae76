import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  type LeadDetailsV1,
  type ListLeadsQueryV1,
  type Page,
  normaliseRegion,
} from '@saleswire/contracts';
import { namedEntities, searchPage, type TextCondition } from '@saleswire/database';
import { idAfterCursor } from '@saleswire/messaging';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { LeadEntity } from './lead.entity';
import { LeadNotFoundError } from './lead.errors';
import { LeadHistory } from './lead.history';
import { toLeadView } from './lead.mapper';
import { leadSearchKeySql, leadSearchOf, type LeadSearch } from './lead-search.policy';
import { inScope, leadScopeOf, scopeCondition } from './lead-scope.policy';

/** Reading leads within the caller's scope: one with its history, or a filtered page, newest first. */
@Injectable()
export class LeadQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: LeadHistory,
  ) {}

  async get(leadId: string, actor: ActorV1): Promise<LeadDetailsV1> {
    const lead = await this.dataSource.manager.findOneBy(LeadEntity, { id: leadId });
    if (!lead || !inScope(leadScopeOf(actor), lead)) throw new LeadNotFoundError(leadId);
    return { ...toLeadView(lead), statusHistory: await this.history.of(leadId) };
  }

  /**
   * Keyset pagination on the id (UUID v7, so newest first is id descending, oldest first ascending); the cursor
   * is the last id. Each filter and scope is an equality the list's indexes lead with, followed by the id
   * (migration 1765200000010), so a page is read in order from one index. With `q` a whole email or phone, the
   * leads in scope holding exactly that key are the answer (their cursor says `exact`; none when only others' leads
   * hold it); when no lead holds it, or `q` is no key, every lead whose search key contains `q` (read by
   * `searchPage`); with `q` of two characters, every lead with a word starting with it.
   */
  async list(query: ListLeadsQueryV1, actor: ActorV1): Promise<Page<LeadDetailsV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = idAfterCursor(query.cursor);
    const afterExact = decodeCursor(query.cursor)?.exact === 1;
    const oldestFirst = query.order === 'oldest';
    const search = query.q ? leadSearchOf(query.q) : null;
    const exact = search ? exactKeyCondition(search) : null;
    const page = async (phase: 'exact' | 'rest' | 'all', afterId: string | undefined, take: number): Promise<LeadEntity[]> => {
      const qb = this.filtered(query, actor);
      if (phase === 'exact') qb.andWhere(exact!.sql, exact!.params);
      if (phase === 'rest') qb.andWhere(`NOT coalesce(${exact!.sql}, false)`, exact!.params);
      if (afterId) qb.andWhere(oldestFirst ? 'lead.id > :after' : 'lead.id < :after', { after: afterId });
      qb.orderBy('lead.id', oldestFirst ? 'ASC' : 'DESC');
      // The exact phase needs no pattern: the key's own index finds its few leads.
      if (search && phase !== 'exact') return searchPage(qb, leadSearchCondition(search), take);
      // A page of equality filters, each with an index that leads with it and the id: few shapes and one good plan
      // each, planned once per connection, its SQL written once per shape. Dates, and an exact key, are left to a
      // plan of their values.
      if (phase === 'exact' || query.createdFrom || query.createdTo) return qb.limit(take).getMany();
      return namedEntities(this.dataSource, qb.limit(take));
    };
    if (!exact) {
      const rows = await page('all', after, limit + 1);
      return pageOf(rows, limit, () => ({}));
    }
    // A whole email or phone is a key: the leads holding exactly it are the answer, from the key's own index.
    // Only when no lead holds it is it looked for as a piece of other leads' keys (a number typed in part). A key
    // that only leads outside the caller's scope hold answers none: the piece search of a whole email or phone
    // reads the trigram index's longest lists (130 ms at a million leads, docs/benchmarks.md) to find what is,
    // in the scope, next to never there.
    const exactRows = after && !afterExact ? [] : await page('exact', after, limit + 1);
    if (exactRows.length > 0 || afterExact) return pageOf(exactRows, limit, () => ({ exact: 1 }));
    if (!after && (await this.anyLeadHolds(exact))) return { items: [], nextCursor: null };
    return pageOf(await page('rest', after, limit + 1), limit, () => ({}));
  }

  /** Whether any lead at all, in anyone's scope, holds the key exactly (one probe of its index). */
  private async anyLeadHolds(exact: { sql: string; params: Record<string, unknown> }): Promise<boolean> {
    return this.dataSource.manager.createQueryBuilder(LeadEntity, 'lead').where(exact.sql, exact.params).getExists();
  }

  /** The leads of the actor's scope that the query's filters match, unordered (`q` is added by `list`). */
  private filtered(query: ListLeadsQueryV1, actor: ActorV1): SelectQueryBuilder<LeadEntity> {
    const qb = this.dataSource.manager.createQueryBuilder(LeadEntity, 'lead');
    const scope = scopeCondition(leadScopeOf(actor));
    qb.where(scope.sql, scope.params);
    const equal: Array<[keyof ListLeadsQueryV1, string]> = [
      ['status', 'status'],
      ['source', 'source'],
      ['direction', 'direction'],
      ['segment', 'segment'],
      ['ownerId', 'assigneeId'],
      ['partnerId', 'partnerId'],
      ['marketingEventId', 'marketingEventId'],
      ['customerId', 'customerId'],
      ['isRepeat', 'isRepeat'],
    ];
    for (const [param, column] of equal) {
      // Absent filters are left out: TypeORM 1.x throws on undefined in a condition (STACK.md).
      if (query[param] !== undefined) qb.andWhere(`lead.${column} = :${param}`, { [param]: query[param] });
    }
    if (query.region) {
      // A country finds its subdivisions' leads too (by its own index on the country part); a subdivision only its own.
      const region = normaliseRegion(query.region);
      if (region.includes('-')) qb.andWhere('lead.region = :region', { region });
      else qb.andWhere(`lead.region IS NOT NULL AND split_part(lead.region, '-', 1) = :region`, { region });
    }
    if (query.createdFrom) qb.andWhere('lead.createdAt >= :createdFrom', { createdFrom: query.createdFrom });
    if (query.createdTo) qb.andWhere('lead.createdAt < :createdTo', { createdTo: query.createdTo });
    return qb;
  }
}

/** What `q` looks for as a condition on the search key: the words starting with two letters, or any of its pieces. */
function leadSearchCondition(search: LeadSearch): TextCondition {
  const key = leadSearchKeySql('lead');
  if (search.wordStart) return { sql: `${key} ~ :qWordStart`, params: { qWordStart: search.wordStart } };
  const params = Object.fromEntries(search.patterns.map((pattern, i) => [`q${i}`, pattern]));
  return { sql: `(${search.patterns.map((_, i) => `${key} LIKE :q${i}`).join(' OR ')})`, params };
}

/** The condition of an exact key match (the whole email or phone asked for); null when `q` is neither. */
function exactKeyCondition(search: LeadSearch): { sql: string; params: Record<string, unknown> } | null {
  const parts: string[] = [];
  if (search.exactEmail) parts.push('lead.emailNorm = :exactEmail');
  if (search.exactPhone) parts.push('lead.phoneNorm = :exactPhone');
  if (parts.length === 0) return null;
  return { sql: `(${parts.join(' OR ')})`, params: { exactEmail: search.exactEmail, exactPhone: search.exactPhone } };
}

/** The first `limit` rows and a cursor after the last of them when there were more. */
function pageOf(rows: LeadEntity[], limit: number, phaseOf: (index: number) => Record<string, number>): Page<LeadDetailsV1> {
  const items = rows.slice(0, limit).map(toLeadView);
  const last = items.length - 1;
  return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items[last].id, ...phaseOf(last) }) : null };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type LeadDetailsV1,
  type ListLeadsQueryV1,
  type Page,
  normaliseRegion,
} from '@saleswire/contracts';
import { idAfterCursor } from '@saleswire/messaging';
import { DataSource } from 'typeorm';
import { LeadEntity } from './lead.entity';
import { LeadNotFoundError } from './lead.errors';
import { LeadHistory } from './lead.history';
import { toLeadView } from './lead.mapper';
import { inScope, leadScopeOf, scopeCondition } from './lead-scope.policy';

/** `%` and `_` in a search term are literal characters, not patterns. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

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
   * is the last id.
   */
  async list(query: ListLeadsQueryV1, actor: ActorV1): Promise<Page<LeadDetailsV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.manager.createQueryBuilder(LeadEntity, 'lead');
    const scope = scopeCondition(leadScopeOf(actor));
    qb.where(scope.sql, scope.params);
    const after = idAfterCursor(query.cursor);
    const oldestFirst = query.order === 'oldest';
    if (after) qb.andWhere(oldestFirst ? 'lead.id > :after' : 'lead.id < :after', { after });
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
      // A country finds its subdivisions' leads too; a subdivision only its own.
      const region = normaliseRegion(query.region);
      if (region.includes('-')) qb.andWhere('lead.region = :region', { region });
      else qb.andWhere('(lead.region = :region OR lead.region LIKE :subdivisions)', { region, subdivisions: `${region}-%` });
    }
    if (query.createdFrom) qb.andWhere('lead.createdAt >= :createdFrom', { createdFrom: query.createdFrom });
    if (query.createdTo) qb.andWhere('lead.createdAt < :createdTo', { createdTo: query.createdTo });
    if (query.q) {
      const term = `%${escapeLike(query.q.trim().toLowerCase())}%`;
      const digits = query.q.replace(/\D/g, '');
      if (/^[\d\s()+\-.]+$/.test(query.q) && digits.length >= 3) {
        // A phone typed any way finds the stored phone: compare digits with digits.
        qb.andWhere(`(lead.search_text LIKE :term OR lead.phoneNorm LIKE :digits)`, { term, digits: `%${digits}%` });
      } else {
        qb.andWhere('lead.search_text LIKE :term', { term });
      }
    }
    const rows = await qb.orderBy('lead.id', oldestFirst ? 'ASC' : 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit).map(toLeadView);
    return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items[items.length - 1].id }) : null };
  }
}

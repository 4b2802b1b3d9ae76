import { idAfterCursor } from '@saleswire/messaging';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type ListPartnersQueryV1,
  type Page,
  type PartnerViewV1,
  type PartnerOriginsV1,
  type SuspendedPartnersV1,
} from '@saleswire/contracts';
import type { DataSource } from 'typeorm';
import { PartnerEntity } from './partner.entity';
import { toPartnerView } from './partner.mapper';
import { PartnerStore } from './partner.store';
import { countryOf, normaliseRegion } from './region.policy';

/** `%` and `_` in a search term are literal characters, not patterns. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Reading partners in the caller's scope: one, a filtered page, and the gateway's snapshot of suspended ones. */
@Injectable()
export class PartnerQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: PartnerStore,
  ) {}

  /** Keyset pagination on the id (UUID v7, so newest first is id descending). */
  async list(query: ListPartnersQueryV1, actor: ActorV1): Promise<Page<PartnerViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.store.scoped(this.dataSource.manager, actor);
    // Absent filters are left out: TypeORM 1.x throws on undefined in a condition (STACK.md).
    if (query.kind) qb.andWhere('p.kind = :kind', { kind: query.kind });
    if (query.tier) qb.andWhere('p.tier = :tier', { tier: query.tier });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.territory) {
      // The same rule as region.policy's worksIn, in SQL: `DE-BY` finds partners of `DE-BY` or of all `DE`;
      // `DE` also finds those covering only a part of it. A region code holds no LIKE pattern characters.
      const territory = normaliseRegion(query.territory);
      if (territory.includes('-')) {
        qb.andWhere('p.territories && ARRAY[:territory, :country]::text[]', { territory, country: countryOf(territory) });
      } else {
        qb.andWhere(`(p.territories && ARRAY[:territory]::text[] OR EXISTS (SELECT 1 FROM unnest(p.territories) t WHERE t LIKE :within))`, {
          territory,
          within: `${territory}-%`,
        });
      }
    }
    if (query.q) qb.andWhere('p.name ILIKE :q', { q: `%${escapeLike(query.q)}%` });
    const after = idAfterCursor(query.cursor);
    if (after) qb.andWhere('p.id < :after', { after });
    const rows = await qb.orderBy('p.id', 'DESC').take(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return { items: page.map(toPartnerView), nextCursor: rows.length > limit ? encodeCursor({ id: page[page.length - 1].id }) : null };
  }

  async get(id: string, actor: ActorV1): Promise<PartnerViewV1> {
    return toPartnerView(await this.store.findVisible(this.dataSource.manager, id, actor));
  }

  /** Every suspended partner with the version that suspended it; read by the gateway, so anyone's ask is answered. */
  async suspended(): Promise<SuspendedPartnersV1> {
    const asOf = new Date().toISOString();
    const rows = await this.dataSource.manager.find(PartnerEntity, { select: { id: true, version: true }, where: { status: 'suspended' } });
    return { partners: rows.map((row) => ({ id: row.id, version: row.version })), asOf };
  }

  /** Every partner that lists allowed origins, with them; read by the gateway's CORS, so anyone's ask is answered. */
  async origins(): Promise<PartnerOriginsV1> {
    const asOf = new Date().toISOString();
    const rows = await this.dataSource.manager
      .getRepository(PartnerEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.version', 'p.allowedOrigins'])
      .where('cardinality(p.allowed_origins) > 0')
      .getMany();
    return { partners: rows.map((row) => ({ id: row.id, version: row.version, allowedOrigins: row.allowedOrigins })), asOf };
  }
}

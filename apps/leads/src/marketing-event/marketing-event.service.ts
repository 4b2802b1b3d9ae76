import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActorV1,
  type CreateMarketingEventInputV1,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  type ListMarketingEventsQueryV1,
  MARKETING_EVENT_CREATED_V1,
  type MarketingEventViewV1,
  type Page,
} from '@saleswire/contracts';
import { uuidv7 } from '@saleswire/database';
import { idAfterCursor, InvalidInputError, Outbox } from '@saleswire/messaging';
import { DataSource } from 'typeorm';
import { MarketingEventEntity } from './marketing-event.entity';

function toView(event: MarketingEventEntity): MarketingEventViewV1 {
  return {
    id: event.id,
    name: event.name,
    kind: event.kind,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    city: event.city,
    cost: event.cost,
    currency: event.currency,
    version: event.version,
    createdAt: event.createdAt.toISOString(),
  };
}

/** Marketing events the company takes part in; every lead from one carries its id. */
@Injectable()
export class MarketingEventService {
  constructor(
    private readonly outbox: Outbox,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(input: CreateMarketingEventInputV1, actor: ActorV1): Promise<MarketingEventViewV1> {
    if (input.endsOn < input.startsOn) {
      throw new InvalidInputError([{ field: 'endsOn', message: 'endsOn must not be before startsOn' }]);
    }
    return this.outbox.command(async (tx) => {
      const entity = await tx.manager.save(
        tx.manager.create(MarketingEventEntity, {
          id: uuidv7(),
          name: input.name.trim(),
          kind: input.kind,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          city: input.city?.trim() ?? null,
          cost: input.cost ?? null,
          currency: input.currency ?? null,
          createdBy: actor.id,
        }),
      );
      tx.emit(MARKETING_EVENT_CREATED_V1, {
        aggregateId: entity.id,
        aggregateVersion: entity.version,
        actor,
        payload: {
          marketingEventId: entity.id,
          name: entity.name,
          kind: entity.kind,
          startsOn: entity.startsOn,
          endsOn: entity.endsOn,
          city: entity.city,
          cost: entity.cost,
          currency: entity.currency,
        },
      });
      return toView(entity);
    });
  }

  /** Newest first (id descending); `from`/`to` keep the events that overlap that period. */
  async list(query: ListMarketingEventsQueryV1): Promise<Page<MarketingEventViewV1>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.dataSource.manager.createQueryBuilder(MarketingEventEntity, 'event');
    const after = idAfterCursor(query.cursor);
    if (after) qb.andWhere('event.id < :after', { after });
    if (query.kind) qb.andWhere('event.kind = :kind', { kind: query.kind });
    if (query.from) qb.andWhere('event.endsOn >= :from', { from: query.from.slice(0, 10) });
    if (query.to) qb.andWhere('event.startsOn <= :to', { to: query.to.slice(0, 10) });
    const rows = await qb.orderBy('event.id', 'DESC').limit(limit + 1).getMany();
    const items = rows.slice(0, limit).map(toView);
    return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items[items.length - 1].id }) : null };
  }
}

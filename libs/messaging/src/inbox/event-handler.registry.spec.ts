import { Controller, Injectable } from '@nestjs/common';
import {
  CUSTOMER_CREATED_V1,
  DEAL_CREATED_V1,
  DEAL_LOST_V1,
  DEAL_UPDATED_V1,
  DEAL_WON_V1,
  LEAD_ASSIGNED_V1,
  LEAD_CREATED_V1,
  type EventContract,
  type EventEnvelope,
  type LeadCreatedV1,
} from '@saleswire/contracts';
import { consumerIdentity } from './consumer-identity';
import { OnEvent, OnEventBatch } from './event-handler.decorator';
import { discoverEventHandlers } from './event-handler.discovery';
import { EventHandlers } from './event-handler.registry';
import { EventTarget } from './event-transaction';
import type { DataSource } from 'typeorm';

const nothing = async (): Promise<void> => undefined;

describe('EventHandlers', () => {
  it('should keep every handler of a subject, in registration order, and batch the subject when one of them takes batches', async () => {
    const first = jest.fn(nothing);
    const batch = jest.fn(nothing);
    const second = jest.fn(nothing);
    const handlers = new EventHandlers().on(LEAD_CREATED_V1, first).onBatch(LEAD_CREATED_V1, batch).on(LEAD_CREATED_V1, second);
    const route = handlers.route(LEAD_CREATED_V1.subject)!;
    expect(route.handlers.map((handler) => handler.batch)).toEqual([false, true, false]);
    expect([route.handlers[0].fn, route.handlers[2].fn]).toEqual([first, second]);
    // The batch handler is given the envelopes of what the applier hands it (events with their contracts).
    const event = { eventId: 'e1' } as EventEnvelope<LeadCreatedV1>;
    const registered = route.handlers[1];
    if (registered.batch) await registered.fn([{ contract: LEAD_CREATED_V1, event }], {} as never);
    expect(batch).toHaveBeenCalledWith([event], {});
    expect(route.batched).toBe(true);
    expect(handlers.routes()).toHaveLength(1);
    expect(handlers.batchGroups().map((group) => [group.name, group.handlers.length])).toEqual([[LEAD_CREATED_V1.subject, 3]]);
  });

  it('should leave a subject of single handlers unbatched', () => {
    const handlers = new EventHandlers().on(LEAD_CREATED_V1, nothing).on(LEAD_CREATED_V1, nothing);
    expect(handlers.route(LEAD_CREATED_V1.subject)!.batched).toBe(false);
    expect(handlers.batchGroups()).toEqual([]);
  });

  it('should put the subjects one stream batch handler takes in one batch group, with every handler of them once, in registration order', () => {
    const won = jest.fn(nothing);
    const stream = jest.fn(nothing);
    const lost = jest.fn(nothing);
    const handlers = new EventHandlers()
      .on(DEAL_WON_V1, won)
      .onStreamBatch([DEAL_CREATED_V1, DEAL_WON_V1], stream)
      .onBatch(DEAL_LOST_V1, lost)
      .on(DEAL_UPDATED_V1, nothing);
    const groups = handlers.batchGroups();
    expect(groups.map((group) => group.routes.map((route) => route.contract.subject))).toEqual([
      [DEAL_WON_V1.subject, DEAL_CREATED_V1.subject],
      [DEAL_LOST_V1.subject],
    ]);
    expect(groups[0].name).toBe(DEAL_WON_V1.subject);
    expect(groups[0].handlers.map((handler) => handler.fn === won || (handler.batch && handler.subjects.length === 2))).toEqual([true, true]);
    expect(handlers.route(DEAL_UPDATED_V1.subject)!.batched).toBe(false);
  });

  it('should join two stream batch handlers that share a subject into one group', () => {
    const handlers = new EventHandlers().onStreamBatch([DEAL_CREATED_V1, DEAL_WON_V1], nothing).onStreamBatch([DEAL_WON_V1, DEAL_LOST_V1], nothing);
    const groups = handlers.batchGroups();
    expect(groups).toHaveLength(1);
    expect(groups[0].routes.map((route) => route.contract.subject).sort()).toEqual([DEAL_CREATED_V1.subject, DEAL_LOST_V1.subject, DEAL_WON_V1.subject].sort());
    expect(groups[0].handlers).toHaveLength(2);
  });

  it('should refuse a stream batch handler of two streams, whose events have no one order', () => {
    expect(() => new EventHandlers().onStreamBatch([DEAL_CREATED_V1, LEAD_CREATED_V1], nothing)).toThrow(/subjects of one stream/);
  });

  it('should name each producer once and the distinct subjects handled in its stream', () => {
    const handlers = new EventHandlers()
      .on(LEAD_CREATED_V1, nothing)
      .onBatch(LEAD_CREATED_V1, nothing)
      .on(LEAD_ASSIGNED_V1, nothing)
      .on(CUSTOMER_CREATED_V1, nothing);
    expect(handlers.producers().sort()).toEqual(['deals', 'leads']);
    expect(handlers.subjectsOf('leads').sort()).toEqual([LEAD_ASSIGNED_V1.subject, LEAD_CREATED_V1.subject].sort());
    expect(handlers.subjectsOf('deals')).toEqual([CUSTOMER_CREATED_V1.subject]);
  });

  it('should refuse a second payload class for a subject, which one validation could not serve', () => {
    const impostor: EventContract = { ...LEAD_CREATED_V1, payload: class Other {} };
    const handlers = new EventHandlers().on(LEAD_CREATED_V1, nothing);
    expect(() => handlers.on(impostor, nothing)).toThrow(/two payload classes for evt\.leads\.lead\.created\.v1/);
  });
});

describe('discoverEventHandlers', () => {
  @Controller()
  class FunnelEventsController {
    readonly seen: string[] = [];

    @OnEvent(LEAD_CREATED_V1)
    async onLeadCreated(event: EventEnvelope<LeadCreatedV1>): Promise<void> {
      this.seen.push(`funnel:${event.eventId}`);
    }
  }

  @Injectable()
  class SummaryProjection {
    readonly seen: string[] = [];

    @OnEventBatch(LEAD_CREATED_V1)
    async onLeadsCreated(events: EventEnvelope<LeadCreatedV1>[]): Promise<void> {
      this.seen.push(...events.map((event) => `summary:${event.eventId}`));
    }

    notAHandler(): void {}
  }

  it('should find the handlers of one subject on several objects, bound to their object', async () => {
    const funnel = new FunnelEventsController();
    const summary = new SummaryProjection();
    const handlers = discoverEventHandlers([funnel, undefined, 'text', summary]);
    const route = handlers.route(LEAD_CREATED_V1.subject)!;
    expect(route.handlers.map((handler) => handler.batch)).toEqual([false, true]);
    expect(route.batched).toBe(true);
    const event = { eventId: 'e1' } as EventEnvelope<LeadCreatedV1>;
    const tx = {} as never;
    for (const handler of route.handlers) {
      if (handler.batch) await handler.fn([{ contract: LEAD_CREATED_V1, event }], tx);
      else await handler.fn(event, tx);
    }
    expect(funnel.seen).toEqual(['funnel:e1']);
    expect(summary.seen).toEqual(['summary:e1']);
  });
});

describe('consumerIdentity and EventTarget', () => {
  const dataSource = { options: { schema: 'reporting' } } as unknown as DataSource;

  it("should default the inbox key to the name, the target to the data source's schema and the start to the first message", () => {
    const identity = consumerIdentity({ name: 'reporting', dataSource });
    expect(identity).toEqual({ name: 'reporting', inboxKey: 'reporting', dataSource, target: new EventTarget('reporting'), deliverFrom: 'first' });
    expect(identity.target.table('lead_fact')).toBe('"reporting".lead_fact');
  });

  it('should keep what the caller chose', () => {
    const target = new EventTarget('reporting', 'next_');
    const identity = consumerIdentity({ name: 'reporting_rebuild', inboxKey: 'rebuild-1', dataSource, target, deliverFrom: 'new' });
    expect(identity).toMatchObject({ name: 'reporting_rebuild', inboxKey: 'rebuild-1', deliverFrom: 'new' });
    expect(identity.target.table('lead_fact')).toBe('"reporting".next_lead_fact');
  });

  it.each([['reporting.rebuild'], ['a b'], ['>'], ['']])('should refuse the name %j, which is no durable name or subject token', (name) => {
    expect(() => consumerIdentity({ name, dataSource })).toThrow(/invalid consumer name/);
  });

  it.each([
    ['a "quoted" schema', ''],
    ['', ''],
    ['reporting', 'next; DROP'],
    ['reporting', 'Next_'],
  ])('should refuse the target schema %j with prefix %j', (schema, prefix) => {
    expect(() => new EventTarget(schema, prefix)).toThrow(/invalid target/);
  });
});

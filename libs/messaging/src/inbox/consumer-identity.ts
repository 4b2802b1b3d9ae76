import type { DataSource } from 'typeorm';
import { EventTarget } from './event-transaction';

/** Who an event consumer is, for JetStream, for the inbox and for its handlers. */
export interface ConsumerIdentity {
  /** Its durable consumers are `<name>__<STREAM>`; its dead letters go to `dlq.<name>.<subject>`. */
  name: string;
  /** The `consumer` column of its inbox rows: the events this identity has applied. */
  inboxKey: string;
  /** Where its transactions run; the inbox is `inbox_event` in this data source's schema. */
  dataSource: DataSource;
  /** The tables its handlers write to (`tx.target`). */
  target: EventTarget;
  /**
   * Where a durable consumer created for it starts: the stream's first message (`first`, a replay) or the
   * messages stored from now on (`new`). A durable that already exists goes on from where it stopped.
   */
  deliverFrom: 'first' | 'new';
}

/** What a caller chooses of an identity; the rest follows from the name and the data source. */
export interface ConsumerIdentityChoice {
  name: string;
  /** Defaults to `name`. */
  inboxKey?: string;
  dataSource: DataSource;
  /** Defaults to the data source's schema, no prefix. */
  target?: EventTarget;
  /** Defaults to `first`, as the service's own durables always have. */
  deliverFrom?: 'first' | 'new';
}

/** An identity from the caller's choice, with the defaults filled in and the name checked. */
export function consumerIdentity(choice: ConsumerIdentityChoice): ConsumerIdentity {
  // The name is a durable name and a subject token: no dots, wildcards or spaces.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(choice.name)) throw new Error(`invalid consumer name "${choice.name}"`);
  return {
    name: choice.name,
    inboxKey: choice.inboxKey ?? choice.name,
    dataSource: choice.dataSource,
    target: choice.target ?? EventTarget.of(choice.dataSource),
    deliverFrom: choice.deliverFrom ?? 'first',
  };
}

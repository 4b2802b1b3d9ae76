import type { ClassConstructor } from 'class-transformer';

/** What a consumer needs to know about an event: where it travels and how to validate its payload. */
export interface EventContract<P extends object = object> {
  /** Subject without any deployment namespace, e.g. `evt.leads.lead.created.v1`. */
  subject: string;
  /** `<context>.<aggregate>.<verb-past>`, e.g. `leads.lead.created`. */
  type: string;
  version: number;
  /** The service that publishes it, which is also the stream it is stored in. */
  producer: ProducerContext;
  payload: ClassConstructor<P>;
}

export const PRODUCER_CONTEXTS = ['leads', 'deals', 'partners'] as const;
export type ProducerContext = (typeof PRODUCER_CONTEXTS)[number];

/** The subject an event of this type and version is published on. */
export function eventSubject(type: string, version: number): string {
  return `evt.${type}.v${version}`;
}

/** Declares an event contract; the subject is derived so it cannot disagree with type and version. */
export function defineEvent<P extends object>(
  type: `${ProducerContext}.${string}.${string}`,
  version: number,
  payload: ClassConstructor<P>,
): EventContract<P> {
  const producer = type.split('.')[0] as ProducerContext;
  return { subject: eventSubject(type, version), type, version, producer, payload };
}

/** A request/reply contract: the subject, the request class and (for documentation) the reply shape. */
export interface RpcContract<Req extends object = object> {
  subject: string;
  request: ClassConstructor<Req>;
}

/** Declares a request/reply contract, `rpc.<context>.<verb-noun>.v<n>`. */
export function defineRpc<Req extends object>(
  context: string,
  verbNoun: string,
  version: number,
  request: ClassConstructor<Req>,
): RpcContract<Req> {
  return { subject: `rpc.${context}.${verbNoun}.v${version}`, request };
}

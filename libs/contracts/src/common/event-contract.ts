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
  /**
   * The most events one message stands for (an import's chunk carries up to a hundred leads' `lead.created`), 1 for
   * most: a consumer counts a message as that many events where it bounds what it holds and what one batch takes.
   */
  carries: number;
}

/** `iam` is the gateway's: its users travel on `IAM_EVENTS` (`evt.iam.>`). */
export const PRODUCER_CONTEXTS = ['leads', 'deals', 'partners', 'iam'] as const;
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
  options: { carries?: number } = {},
): EventContract<P> {
  const producer = type.split('.')[0] as ProducerContext;
  return { subject: eventSubject(type, version), type, version, producer, payload, carries: options.carries ?? 1 };
}

/**
 * Whether a request changes something a client may ask for again: a `command` is the one request of an HTTP
 * write that makes its change, and carries the write's `Idempotency-Key` to the service, which records it with
 * the change (ADR 0010); a `request` carries none (queries, and steps that are safe to repeat by themselves).
 */
export type RpcKind = 'request' | 'command';

/**
 * A request/reply contract: the subject, the request class, and the reply's type, so that the caller and the
 * handler of `rpc.<context>.<verb-noun>.v<n>` cannot disagree on what comes back.
 */
export interface RpcContract<Req extends object = object, Res = unknown> {
  subject: string;
  request: ClassConstructor<Req>;
  kind: RpcKind;
  /** Never set at run time: it carries the reply's type for `RpcClient.send` and `@RpcHandler`. */
  readonly reply?: Res;
}

/** The request type of a contract. */
export type RpcRequestOf<C> = C extends RpcContract<infer Req, unknown> ? Req : never;
/** The reply type of a contract. */
export type RpcReplyOf<C> = C extends RpcContract<object, infer Res> ? Res : never;

/**
 * Declares a request/reply contract, `rpc.<context>.<verb-noun>.v<n>`; `.replies<Reply>()` completes it:
 * `defineRpc('leads', 'get-lead', 1, GetLeadRequestV1).replies<LeadDetailsV1>()`. For queries, and for writes
 * that are safe to repeat by themselves (a find-or-create, an import's slices, a change under `If-Match`).
 */
export function defineRpc<Req extends object>(
  context: string,
  verbNoun: string,
  version: number,
  request: ClassConstructor<Req>,
): { replies<Res>(): RpcContract<Req, Res> } {
  return defineRequest('request', context, verbNoun, version, request);
}

/**
 * Declares a command: the request that makes an HTTP write's change, and so records the write's idempotency key
 * in the same transaction: `defineCommand('leads', 'create-lead', 1, CreateLeadRequestV1).replies<LeadDetailsV1>()`.
 */
export function defineCommand<Req extends object>(
  context: string,
  verbNoun: string,
  version: number,
  request: ClassConstructor<Req>,
): { replies<Res>(): RpcContract<Req, Res> } {
  return defineRequest('command', context, verbNoun, version, request);
}

function defineRequest<Req extends object>(
  kind: RpcKind,
  context: string,
  verbNoun: string,
  version: number,
  request: ClassConstructor<Req>,
): { replies<Res>(): RpcContract<Req, Res> } {
  const subject = `rpc.${context}.${verbNoun}.v${version}`;
  return { replies: () => ({ subject, request, kind }) };
}

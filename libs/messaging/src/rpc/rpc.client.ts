import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClosedConnectionError, headers as natsHeaders, TimeoutError, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { isRpcProblem, type RpcContract } from '@saleswire/contracts';
import {
  CORRELATION_HEADER,
  correlationIdOrNew,
  endSpan,
  Metrics,
  SpanKind,
  startSpan,
  traceparentOf,
  TRACEPARENT_HEADER,
} from '@saleswire/observability';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { REQUEST_FINGERPRINT_HEADER, REQUEST_KEY_HEADER, REQUEST_PRINCIPAL_HEADER } from '../jetstream/message-headers';
import { NATS_CONNECTION_OPTIONS, openNats } from '../jetstream/nats.connection';
import { ReplyInbox } from '../jetstream/reply-inbox';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { ProblemError, ServiceUnavailableError } from '../problem.error';
import { currentRequestKey, ReplayedReply, type RequestKeyScope } from '../request-key/request-key';
import { answerText, JsonText, ReplyDeserializer } from './replay-codec';

/**
 * Sends request/reply messages to the services, as Nest's NATS client writes them (`{ pattern, data, id }`, which
 * the services' Nest servers answer with `{ id, response | err }`), with the correlation id in the headers and a
 * timeout on every call. A service that does not answer becomes a 503 `ProblemError` at once when none of its
 * replicas listens (NATS's no-responders answer), else after the timeout; a service's own problem comes back as a
 * `ProblemError` with its status. A command sent while the gateway handles a write with an `Idempotency-Key`
 * carries that key (ADR 0010), and a reply the service replayed from it marks the request's key as replayed.
 *
 * The replies arrive on one inbox subscription per connection (`ReplyInbox`, as the JetStream publisher's). Nest's
 * client subscribed and unsubscribed an inbox of its own for every request, two more protocol messages for the
 * client and the server each time, and ran each reply through an observable (ADR 0026); nats.js's own request
 * built an error object for every reply.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly ns: Namespace;
  private readonly deserializer = new ReplyDeserializer();
  /** The connection and its replies' inbox, made at the first request and again after one closed or failed to open. */
  private connecting?: Promise<Connected>;
  private closing = false;

  constructor(
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly metrics: Metrics,
  ) {
    this.ns = new Namespace(config.namespace);
  }

  /** Sends `data` to the contract's subject and waits for the answer, at most `timeoutMs`. */
  send<Req extends object, Res>(contract: RpcContract<Req, Res>, data: Req, timeoutMs = this.config.rpcTimeoutMs): Promise<Res> {
    return this.call(contract, data, timeoutMs, (_message, _id, answer) => answer());
  }

  /**
   * As `send`, the answer as the JSON text the service wrote (`JsonText`), not parsed: for an answer the gateway passes
   * on as it is, which it would otherwise parse and write again (a report's 20–120 KB, a list's page). A reply in
   * another layout is parsed and written, the same JSON.
   */
  sendJson<Req extends object, Res>(contract: RpcContract<Req, Res>, data: Req, timeoutMs = this.config.rpcTimeoutMs): Promise<JsonText<Res>> {
    return this.call(contract, data, timeoutMs, (message, id, answer) => new JsonText<Res>(answerText(message, id) ?? JSON.stringify(answer())));
  }

  /**
   * The request and its reply: `read` makes the result of the reply (`answer` parses it as a packet, throwing the
   * service's problem, marking a replayed command's key).
   */
  private async call<Req extends object, Res, T>(
    contract: RpcContract<Req, Res>,
    data: Req,
    timeoutMs: number,
    read: (message: Msg, id: string, answer: () => Res) => T,
  ): Promise<T> {
    const headers = natsHeaders();
    headers.set(CORRELATION_HEADER, correlationIdOrNew());
    const scope = contract.kind === 'command' ? this.keyToSend(contract.subject) : undefined;
    if (scope) {
      headers.set(REQUEST_KEY_HEADER, scope.key.key);
      headers.set(REQUEST_PRINCIPAL_HEADER, scope.key.principalId);
      headers.set(REQUEST_FINGERPRINT_HEADER, scope.key.fingerprint);
      scope.outcome = 'sent';
    }
    // The request's client span; its context goes in the W3C header for the service's handler to continue. A
    // request made outside any trace (a cache's periodic refresh) is not traced, here or in the service.
    const span = startSpan(`send ${contract.subject}`, {
      kind: SpanKind.CLIENT,
      requireParent: true,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject, 'rpc.method': contract.subject },
    });
    if (span) headers.set(TRACEPARENT_HEADER, traceparentOf(span) ?? '');
    const subject = this.ns.subject(contract.subject);
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    let failure: unknown;
    try {
      const id = randomUUID();
      const message = await this.request(await this.connection(), subject, JSON.stringify({ pattern: subject, data, id }), headers, timeoutMs);
      // What Nest's client makes of a reply: nothing at all, an error, or the answer (a packet without one is none).
      if (message.data.length === 0) throw new EmptyReplyError();
      return read(message, id, () => {
        const packet = this.deserializer.deserialize(message);
        if (packet.err) throw packet.err;
        if (packet.response === undefined) throw new EmptyReplyError();
        const reply = packet.response as Res | ReplayedReply;
        if (!(reply instanceof ReplayedReply)) return reply;
        if (scope) scope.outcome = 'replayed';
        return reply.value as Res;
      });
    } catch (error) {
      failure = error;
      if (isRpcProblem(error)) {
        outcome = String(error.status);
        throw ProblemError.from(error);
      }
      outcome = error instanceof TimeoutError ? 'timeout' : 'unreachable';
      const service = contract.subject.split('.')[1];
      throw new ServiceUnavailableError(
        error instanceof TimeoutError
          ? `The ${service} service did not answer within ${timeoutMs} ms.`
          : `The ${service} service cannot be reached.`,
      );
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.rpcRequests.observe({ subject: contract.subject, outcome }, seconds);
      if (span) {
        span.setAttribute('saleswire.rpc.outcome', outcome);
        // A problem the service answered (404, 409) is an answer, not a failure of the call.
        endSpan(span, outcome === 'timeout' || outcome === 'unreachable' || outcome === '500' ? failure : undefined);
      }
    }
  }

  /**
   * The gateway's request key for this command: only a key the gateway opened for an HTTP write goes out (a
   * service's own requests made while it handles a command carry none), and only with the write's one command.
   */
  private keyToSend(subject: string): RequestKeyScope | undefined {
    const scope = currentRequestKey();
    if (scope?.origin !== 'http') return undefined;
    if (scope.outcome !== 'pending') {
      throw new Error(`${subject} is a second command in one request: its idempotency key went with the first (${scope.subject})`);
    }
    return scope;
  }

  /** Publishes the request with a reply subject of the connection's inbox and waits for the reply, at most `timeoutMs`. */
  private request({ nats, inbox }: Connected, subject: string, payload: string, headers: ReturnType<typeof natsHeaders>, timeoutMs: number): Promise<Msg> {
    const { key, reply, answer } = inbox.expect(subject);
    const timer = setTimeout(() => inbox.fail(key, new TimeoutError()), timeoutMs);
    try {
      nats.publish(subject, payload, { reply, headers });
    } catch (error) {
      inbox.fail(key, error as Error);
    }
    return answer.finally(() => clearTimeout(timer));
  }

  private connection(): Promise<Connected> {
    if (this.closing) return Promise.reject(new Error('the rpc client is shut down'));
    if (!this.connecting) {
      const attempt = openNats({ servers: this.config.natsUrl.split(','), name: `${this.config.service}-rpc`, ...NATS_CONNECTION_OPTIONS }).then((nats) => ({
        nats,
        inbox: new ReplyInbox(nats),
      }));
      this.connecting = attempt;
      const forget = (): void => {
        if (this.connecting === attempt) this.connecting = undefined;
      };
      // It reconnects for ever once open (NATS_CONNECTION_OPTIONS); one that could not open, or was closed, is made
      // anew, and the requests still waiting on a closed one fail at once.
      attempt.then(
        ({ nats, inbox }) =>
          nats.closed().then(() => {
            inbox.close(new ClosedConnectionError());
            forget();
          }),
        forget,
      );
    }
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const connected = await this.connecting?.catch(() => undefined);
    await connected?.nats.close();
  }
}

/** A connection to NATS and the inbox its requests' replies arrive on. */
interface Connected {
  nats: NatsConnection;
  inbox: ReplyInbox;
}

/** A reply that holds no answer: Nest's client ends such a call without a value, which the caller cannot use. */
class EmptyReplyError extends Error {
  constructor() {
    super('the service replied without an answer');
  }
}

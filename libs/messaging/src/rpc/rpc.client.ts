import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
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
import { lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { Namespace, type MessagingConfig } from '../messaging.config';
import { REQUEST_FINGERPRINT_HEADER, REQUEST_KEY_HEADER, REQUEST_PRINCIPAL_HEADER } from '../jetstream/message-headers';
import { NATS_CONNECTION_OPTIONS } from '../jetstream/nats.connection';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { ProblemError, ServiceUnavailableError } from '../problem.error';
import { currentRequestKey, ReplayedReply, type RequestKeyScope } from '../request-key/request-key';
import { ReplyDeserializer } from './replay-codec';

/**
 * Sends request/reply messages to the services through Nest's NATS client, with the correlation id in the
 * headers and a timeout on every call. A service that does not answer becomes a 503 `ProblemError`; a
 * service's own problem comes back as a `ProblemError` with its status. A command sent while the gateway
 * handles a write with an `Idempotency-Key` carries that key (ADR 0010), and a reply the service replayed from
 * it marks the request's key as replayed.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly client: ClientNats;
  private readonly ns: Namespace;

  constructor(
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly metrics: Metrics,
  ) {
    this.ns = new Namespace(config.namespace);
    this.client = new ClientNats({
      servers: config.natsUrl.split(','),
      name: `${config.service}-rpc`,
      deserializer: new ReplyDeserializer(),
      ...NATS_CONNECTION_OPTIONS,
    });
  }

  /** Sends `data` to the contract's subject and waits for the answer, at most `timeoutMs`. */
  async send<Req extends object, Res>(
    contract: RpcContract<Req, Res>,
    data: Req,
    timeoutMs = this.config.rpcTimeoutMs,
  ): Promise<Res> {
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
    const record = new NatsRecordBuilder(data).setHeaders(headers).build();
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    let failure: unknown;
    try {
      const reply = await lastValueFrom(
        this.client.send<Res | ReplayedReply>(this.ns.subject(contract.subject), record).pipe(timeout(timeoutMs)),
      );
      if (!(reply instanceof ReplayedReply)) return reply;
      if (scope) scope.outcome = 'replayed';
      return reply.value as Res;
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

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

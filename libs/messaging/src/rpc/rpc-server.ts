import {
  applyDecorators,
  Catch,
  Controller,
  UseFilters,
  UseInterceptors,
  Injectable,
  Logger,
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { MessagePattern, type NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { RpcContract, RpcProblem } from '@saleswire/contracts';
import {
  CORRELATION_HEADER,
  endSpan,
  markFailed,
  Metrics,
  runWithCorrelation,
  sanitizeCorrelationId,
  SpanKind,
  startSpan,
  TRACEPARENT_HEADER,
  tracingEnabled,
  withSpan,
  type Span,
} from '@saleswire/observability';
import { finalize, map, Observable, tap, throwError } from 'rxjs';
import { REQUEST_FINGERPRINT_HEADER, REQUEST_KEY_HEADER, REQUEST_PRINCIPAL_HEADER } from '../jetstream/message-headers';
import { InvalidInputError, ProblemError } from '../problem.error';
import { ReplayedReply, RequestKeyScope, runWithRequestKey } from '../request-key/request-key';
import { toProblemError } from '../transient';
import { rpcInFlight } from './in-flight';
import { validateContract } from '../validation/validate-contract';

/** Validates an RPC payload against its contract's request class: `@Payload(new ContractPipe(CREATE_LEAD_V1))`. */
export class ContractPipe<Req extends object> implements PipeTransform<unknown, Req> {
  constructor(private readonly contract: RpcContract<Req>) {}

  transform(value: unknown): Req {
    const result = validateContract(this.contract.request, value);
    if (!result.ok) throw new InvalidInputError(result.errors);
    return result.value;
  }
}

/** Where `@RpcHandler` keeps the contract a handler answers, for the interceptor to tell commands from requests. */
const RPC_CONTRACT = Symbol('saleswire:rpc-contract');

/** The contract a handler was declared for with `@RpcHandler`, if it was. */
function contractOf(handler: object): RpcContract | undefined {
  return Reflect.getMetadata(RPC_CONTRACT, handler) as RpcContract | undefined;
}

/** The idempotency key a command arrived with (ADR 0010), or none: a write sent without `Idempotency-Key`. */
function requestKeyOf(headers: MsgHdrs | undefined, subject: string): RequestKeyScope | undefined {
  const key = headers?.get(REQUEST_KEY_HEADER);
  const principalId = headers?.get(REQUEST_PRINCIPAL_HEADER);
  const fingerprint = headers?.get(REQUEST_FINGERPRINT_HEADER);
  if (!key || !principalId || !fingerprint) return undefined;
  return new RequestKeyScope({ principalId, key, fingerprint }, 'rpc', subject);
}

/**
 * Runs each request handler with the caller's correlation id from the NATS headers, counts it as in flight
 * (shutdown waits for it), times it (`saleswire_rpc_handling_duration_seconds`) and logs it at debug. A command that arrived with an idempotency key runs with it
 * (`currentRequestKey()`), for `Outbox.command` to record; a reply from an earlier attempt goes back marked so.
 */
@Injectable()
class RpcCorrelationInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const correlationId = sanitizeCorrelationId(nats.getHeaders()?.get(CORRELATION_HEADER));
    const subject = nats.getSubject();
    const contract = contractOf(context.getHandler());
    const scope = contract?.kind === 'command' ? requestKeyOf(nats.getHeaders(), contract.subject) : undefined;
    const started = performance.now();
    const span = tracingEnabled() ? this.handlerSpan(nats, contract?.subject ?? subject, correlationId) : undefined;
    rpcInFlight.enter();
    return new Observable((subscriber) =>
      withSpan(span, () =>
        runWithCorrelation({ correlationId }, () =>
          (scope ? runWithRequestKey(scope, () => next.handle()) : next.handle())
            .pipe(
              map((reply: unknown) => (scope ? this.settle(scope, reply) : reply)),
              tap({
                next: () => this.handled(contract?.subject ?? subject, 'ok', started),
                error: (error: unknown) => {
                  this.handled(contract?.subject ?? subject, 'error', started);
                  // A domain answer (404, 409, 400) is not a failed handler; anything else is.
                  if (!(error instanceof ProblemError)) markFailed(span, error);
                },
              }),
              finalize(() => {
                endSpan(span);
                rpcInFlight.leave();
                this.logger.debug({ msg: 'request handled', subject, ms: Math.round(performance.now() - started) });
              }),
            )
            .subscribe(subscriber),
        ),
      ),
    );
  }

  /**
   * The handler's span, a child of the caller's request span named in the `traceparent` NATS header; none for a
   * request that came without one (its caller traces nothing).
   */
  private handlerSpan(nats: NatsContext, subject: string, correlationId: string): Span | undefined {
    const traceparent = nats.getHeaders()?.get(TRACEPARENT_HEADER);
    if (!traceparent) return undefined;
    return startSpan(`process ${subject}`, {
      kind: SpanKind.SERVER,
      parent: traceparent,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'saleswire.correlation_id': correlationId },
    });
  }

  private handled(subject: string, outcome: 'ok' | 'error', started: number): void {
    this.metrics.rpcHandled.observe({ subject, outcome }, (performance.now() - started) / 1000);
  }

  /** Marks a replayed reply for the NATS header; says so loudly when a command answered without recording its key. */
  private settle(scope: RequestKeyScope, reply: unknown): unknown {
    if (scope.outcome === 'replayed') return new ReplayedReply(reply);
    if (scope.outcome === 'pending') {
      // The change (if any) is committed: answering it as failed would make the client send it again. The
      // services' request-key tests fail on this; in production the log says which handler to fix.
      this.logger.error({ msg: 'command answered without recording its request key: a retry may change it again', subject: scope.subject });
    }
    return reply;
  }
}

/**
 * Answers every failed request with an `RpcProblem`: a `ProblemError` keeps its status, a transient fault (the
 * database or NATS away) is a 503 the caller may retry, anything else is a 500 whose details stay in this
 * service's log.
 */
@Catch()
class RpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const known = toProblemError(exception);
    let problem: RpcProblem;
    if (known) {
      problem = known.toProblem();
      if (!(exception instanceof ProblemError)) {
        const nats = host.switchToRpc().getContext<NatsContext>();
        this.logger.warn({ msg: 'request failed on a transient fault', subject: nats?.getSubject?.(), error: (exception as Error)?.message });
      }
    } else {
      const nats = host.switchToRpc().getContext<NatsContext>();
      this.logger.error({ msg: 'request failed', subject: nats?.getSubject?.(), error: (exception as Error)?.message }, (exception as Error)?.stack);
      problem = { type: 'about:blank', status: 500, title: 'Internal error', detail: 'The service could not complete the request.' };
    }
    return throwError(() => problem);
  }
}

/** Marks a `*.rpc.controller.ts`: its failures answer as problems and it runs with the caller's correlation id. */
export const RpcController = (): ClassDecorator =>
  applyDecorators(Controller(), UseFilters(RpcProblemFilter), UseInterceptors(RpcCorrelationInterceptor));

/**
 * Marks the handler of a request/reply contract (`@MessagePattern` on its subject) and checks at compile time
 * that the method answers the contract's reply type: `@RpcHandler(GET_LEAD_V1) get(...): Promise<LeadDetailsV1>`.
 * A command's handler runs with the request's idempotency key and must record it (`Outbox.command`).
 */
export function RpcHandler<Req extends object, Res>(contract: RpcContract<Req, Res>) {
  return <M extends (request: Req) => Promise<Res> | Res>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    if (descriptor.value) Reflect.defineMetadata(RPC_CONTRACT, contract, descriptor.value);
    MessagePattern(contract.subject)(target, key, descriptor);
  };
}

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
import type { RpcContract, RpcProblem } from '@saleswire/contracts';
import { CORRELATION_HEADER, runWithCorrelation, sanitizeCorrelationId } from '@saleswire/observability';
import { finalize, Observable, throwError } from 'rxjs';
import { InvalidInputError, ProblemError } from '../problem.error';
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

/**
 * Runs each request handler with the caller's correlation id from the NATS headers, counts it as in flight
 * (shutdown waits for it), and logs it at debug.
 */
@Injectable()
class RpcCorrelationInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const correlationId = sanitizeCorrelationId(nats.getHeaders()?.get(CORRELATION_HEADER));
    const subject = nats.getSubject();
    const started = performance.now();
    rpcInFlight.enter();
    return new Observable((subscriber) =>
      runWithCorrelation({ correlationId }, () =>
        next
          .handle()
          .pipe(
            finalize(() => {
              rpcInFlight.leave();
              this.logger.debug({ msg: 'request handled', subject, ms: Math.round(performance.now() - started) });
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}

/**
 * Answers every failed request with an `RpcProblem`: a `ProblemError` keeps its status, anything else is a
 * 500 whose details stay in this service's log.
 */
@Catch()
class RpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    let problem: RpcProblem;
    if (exception instanceof ProblemError) {
      problem = exception.toProblem();
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
 */
export function RpcHandler<Req extends object, Res>(contract: RpcContract<Req, Res>) {
  return <M extends (request: Req) => Promise<Res> | Res>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    MessagePattern(contract.subject)(target, key, descriptor);
  };
}

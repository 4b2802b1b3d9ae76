import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ServiceUnavailableError } from '@saleswire/messaging';
import { Observable, timeout, throwError, TimeoutError, catchError } from 'rxjs';

/** REQUEST_TIMEOUT_MS: how long a route's handler may take before its request is answered 503 (0 = no limit). */
export const REQUEST_TIME_LIMIT_MS = Symbol('REQUEST_TIME_LIMIT_MS');

const NO_TIME_LIMIT = 'saleswire:no-request-time-limit';

/**
 * Exempts a route from the request time limit: one that is long by design and bounds itself (an import
 * upload, a batch whose every operation has its own limit).
 */
export const NoRequestTimeLimit = (): MethodDecorator & ClassDecorator => SetMetadata(NO_TIME_LIMIT, true);

/** The answer to a request that outlived the limit: a 503 with `Retry-After`, which clients retry (with their key). */
export class RequestTimeLimitError extends ServiceUnavailableError {
  constructor(ms: number) {
    super(`The request did not finish within ${ms} ms; retry it (with the same Idempotency-Key for a write).`);
  }
}

/**
 * Answers a request whose handler has not finished within REQUEST_TIMEOUT_MS with a 503 problem rather than
 * letting the client hang: the handler is unsubscribed from, so its late result is dropped. A write may still
 * complete in its service after that answer; its `Idempotency-Key` makes the client's retry safe (ADR 0010).
 */
@Injectable()
export class RequestTimeLimitInterceptor implements NestInterceptor {
  constructor(
    @Inject(REQUEST_TIME_LIMIT_MS) private readonly limitMs: number,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.limitMs <= 0 || context.getType() !== 'http') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(NO_TIME_LIMIT, [context.getHandler(), context.getClass()])) return next.handle();
    return next.handle().pipe(
      timeout(this.limitMs),
      catchError((error: unknown) => throwError(() => (error instanceof TimeoutError ? new RequestTimeLimitError(this.limitMs) : error))),
    );
  }
}

import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, Observable, of, throwError, timer, map } from 'rxjs';
import { NoRequestTimeLimit, RequestTimeLimitError, RequestTimeLimitInterceptor } from './request-time-limit';

class Routes {
  limited(): void {}

  @NoRequestTimeLimit()
  exempt(): void {}
}

function contextFor(handler: keyof Routes, type: 'http' | 'rpc' = 'http'): ExecutionContext {
  return { getType: () => type, getHandler: () => Routes.prototype[handler], getClass: () => Routes } as unknown as ExecutionContext;
}

const after = (ms: number, value = 'done'): CallHandler => ({ handle: () => timer(ms).pipe(map(() => value)) });

describe('RequestTimeLimitInterceptor', () => {
  const run = (limitMs: number, handler: keyof Routes, next: CallHandler, type: 'http' | 'rpc' = 'http'): Promise<unknown> =>
    lastValueFrom(new RequestTimeLimitInterceptor(limitMs, new Reflector()).intercept(contextFor(handler, type), next) as Observable<unknown>);

  it.each([
    ['a handler within the limit', 50, 'limited' as const, 5, 'http' as const],
    ['a route exempted from the limit', 20, 'exempt' as const, 60, 'http' as const],
    ['no limit configured (0)', 0, 'limited' as const, 30, 'http' as const],
    ['a request that is not HTTP', 10, 'limited' as const, 30, 'rpc' as const],
  ])('should let the answer through for %s', async (_case, limitMs, handler, takesMs, type) => {
    await expect(run(limitMs, handler, after(takesMs), type)).resolves.toBe('done');
  });

  it('should answer 503 with a problem when the handler takes longer than the limit', async () => {
    const error = await run(20, 'limited', after(200)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestTimeLimitError);
    expect((error as RequestTimeLimitError).toProblem()).toMatchObject({ status: 503, detail: expect.stringContaining('20 ms') });
  });

  it('should keep a handler error as it is', async () => {
    const failing: CallHandler = { handle: () => throwError(() => new Error('boom')) };
    await expect(run(20, 'limited', failing)).rejects.toThrow('boom');
    await expect(run(20, 'limited', { handle: () => of('fast') })).resolves.toBe('fast');
  });
});

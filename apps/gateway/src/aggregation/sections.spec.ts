import { ForbiddenError, NotFoundError, ServiceUnavailableError } from '@saleswire/messaging';
import { gather } from './sections';

const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('gather', () => {
  it('should answer every section that came, in parallel, with no warning', async () => {
    const started = Date.now();
    const { values, warnings } = await gather<{ a: number; b: string }>(
      { a: { source: 'deals', load: () => after(50, 1) }, b: { source: 'leads', load: () => after(50, 'x') } },
      1000,
    );
    expect(values).toEqual({ a: 1, b: 'x' });
    expect(warnings).toEqual([]);
    expect(Date.now() - started).toBeLessThan(95);
  });

  it.each([
    ['does not answer within the deadline', () => after(500, 2), 'b: no answer within 50 ms.'],
    ['is unavailable', () => Promise.reject(new ServiceUnavailableError('The leads service cannot be reached.')), 'b: The leads service cannot be reached.'],
  ])('should make a section null with a warning naming its service when it %s', async (_what, load, detail) => {
    const { values, warnings } = await gather<{ a: number; b: number }>({ a: { source: 'deals', load: () => after(5, 1) }, b: { source: 'leads', load } }, 50);
    expect(values).toEqual({ a: 1, b: null });
    expect(warnings).toEqual([{ service: 'leads', problem: detail }]);
  });

  it.each([
    ['a 404', new NotFoundError('Customer', 'x')],
    ['a 403', new ForbiddenError('no')],
  ])('should fail whole when a section answers %s, which is about the request', async (_what, error) => {
    await expect(gather<{ a: number }>({ a: { source: 'deals', load: () => Promise.reject(error) } }, 50)).rejects.toBe(error);
  });

  it('should pass the deadline to each section, for its own request timeout', async () => {
    const load = jest.fn(async (deadlineMs: number) => deadlineMs);
    const { values } = await gather<{ a: number }>({ a: { source: 'deals', load } }, 1234);
    expect(values.a).toBe(1234);
  });
});

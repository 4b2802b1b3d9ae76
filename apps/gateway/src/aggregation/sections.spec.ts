import { ForbiddenError, NotFoundError, ServiceUnavailableError } from '@saleswire/messaging';
import { gather } from './sections';

const after = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('gather', () => {
  it('should answer every section that came, in parallel, with no warning', async () => {
    // Each section answers only once both have been asked: asked one after the other, the first would wait for the
    // second until the deadline and come back as a warning. (A wall-clock bound on two 50 ms sections failed CI
    // on a loaded machine at 100 ms.)
    let asked = 0;
    let bothAsked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothAsked = resolve));
    const section = async <T>(value: T): Promise<T> => {
      if (++asked === 2) bothAsked();
      await barrier;
      return value;
    };
    const { values, warnings } = await gather<{ a: number; b: string }>(
      { a: { source: 'deals', load: () => section(1) }, b: { source: 'leads', load: () => section('x') } },
      1000,
    );
    expect(values).toEqual({ a: 1, b: 'x' });
    expect(warnings).toEqual([]);
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

  it('should name every part a section yields in its one warning', async () => {
    const { values, warnings } = await gather<{ reports: number }>({ reports: { source: 'reporting', names: 'summary, funnel', load: () => after(500, 1) } }, 20);
    expect(values).toEqual({ reports: null });
    expect(warnings).toEqual([{ service: 'reporting', problem: 'summary, funnel: no answer within 20 ms.' }]);
  });
});

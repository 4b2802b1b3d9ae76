import { BadInputProblem, NotFoundProblem, RateLimitedProblem, retryAfterSeconds, UnavailableProblem } from './problem';
import { createTransport, DEFAULT_RETRY, retryDelayMs, type TransportOptions } from './transport';

const problem = (status: number, headers: Record<string, string> = {}, errors: object[] = []): Response =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'T', status, detail: 'D', errors }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

/** A transport over scripted answers, recording each request it sent and each wait. */
function scripted(answers: Array<Response | Error>, options: Partial<TransportOptions> = {}) {
  const sent: Request[] = [];
  const waits: number[] = [];
  const transport = createTransport({
    fetch: (async (request: Request) => {
      sent.push(request);
      const next = answers.shift();
      if (!next) throw new Error('no answer scripted');
      if (next instanceof Error) throw next;
      return next;
    }) as typeof fetch,
    retry: { ...DEFAULT_RETRY, attempts: 4 },
    credentials: async () => ({ Authorization: 'Bearer t' }),
    idempotentPosts: true,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { transport, sent, waits };
}

const post = (headers: Record<string, string> = {}) =>
  new Request('http://gateway.test/api/v1/leads', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"a":1}' });

describe('sdk transport', () => {
  it('should give a POST an Idempotency-Key and send the same key and body on every retry when 503 answers first', async () => {
    const { transport, sent, waits } = scripted([problem(503, { 'retry-after': '1' }), problem(503, { 'retry-after': '2' }), new Response('{}', { status: 201 })]);
    const response = await transport(post());
    expect(response.status).toBe(201);
    const keys = sent.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    expect(await Promise.all(sent.map((request) => request.text()))).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
    expect(sent.every((request) => request.headers.get('authorization') === 'Bearer t')).toBe(true);
    expect(waits).toEqual([1000, 2000]);
  });

  it('should keep an Idempotency-Key the caller set', async () => {
    const { transport, sent } = scripted([new Response('{}', { status: 201 })]);
    await transport(post({ 'Idempotency-Key': 'mine-1' }));
    expect(sent[0].headers.get('idempotency-key')).toBe('mine-1');
  });

  it('should add no key when idempotent POSTs are off, and then not repeat a POST that got no answer', async () => {
    const { transport, sent } = scripted([new TypeError('fetch failed'), new Response('{}', { status: 201 })], { idempotentPosts: false });
    await expect(transport(post())).rejects.toThrow('fetch failed');
    expect(sent).toHaveLength(1);
    expect(sent[0].headers.has('idempotency-key')).toBe(false);
  });

  it('should repeat a keyed POST that got no answer, with backoff', async () => {
    const { transport, sent, waits } = scripted([new TypeError('fetch failed'), new TypeError('fetch failed'), new Response('{}', { status: 201 })]);
    expect((await transport(post())).status).toBe(201);
    expect(sent).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
  });

  it('should honour Retry-After on 429 and throw the typed problem once the tries are spent', async () => {
    const { transport, waits } = scripted([1, 2, 3, 4].map(() => problem(429, { 'retry-after': '3' })));
    const failure = await transport(new Request('http://gateway.test/api/v1/leads')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitedProblem);
    expect((failure as RateLimitedProblem).retryAfterSeconds).toBe(3);
    expect(waits).toEqual([3000, 3000, 3000]);
  });

  it('should not wait out a Retry-After longer than it honours', async () => {
    const { transport, waits } = scripted([problem(503, { 'retry-after': '3600' })]);
    await expect(transport(new Request('http://gateway.test/x'))).rejects.toBeInstanceOf(UnavailableProblem);
    expect(waits).toEqual([]);
  });

  it.each([
    [404, NotFoundProblem],
    [400, BadInputProblem],
  ])('should throw a %s answer at once as its typed problem', async (status, Kind) => {
    const { transport, sent } = scripted([problem(status, {}, [{ field: 'contact.name', message: 'required' }])]);
    const failure = await transport(new Request('http://gateway.test/x')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Kind);
    expect(failure).toMatchObject({ status, title: 'T', detail: 'D', errors: [{ field: 'contact.name', message: 'required' }] });
    expect(sent).toHaveLength(1);
  });

  it('should sign in again once when a token is refused with 401', async () => {
    let token = 'old';
    const { transport, sent } = scripted([problem(401), new Response('{}', { status: 200 })], {
      credentials: async () => ({ Authorization: `Bearer ${token}` }),
      refreshCredentials: async () => {
        token = 'new';
        return true;
      },
    });
    expect((await transport(new Request('http://gateway.test/x'))).status).toBe(200);
    expect(sent.map((request) => request.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });

  it.each([
    ['2', 2],
    ['0', 0],
    [new Date(Date.UTC(2030, 0, 1, 0, 0, 5)).toUTCString(), 5],
    ['soon', undefined],
  ])('should read Retry-After %s as %s seconds', (header, seconds) => {
    expect(retryAfterSeconds(header, Date.UTC(2030, 0, 1))).toBe(seconds);
  });

  it('should back off exponentially, with jitter, up to the longest wait', () => {
    const retry = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(retry, attempt, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(retry, 3, undefined, () => 0)).toBe(200);
  });
});

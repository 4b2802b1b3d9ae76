import { createSaleswireClient, refreshDue } from './client';
import { ForbiddenProblem, UnauthorizedProblem } from './problem';

const BASE = 'http://gateway.test';
const HOUR = 3_600_000;

const json = (status: number, body: object): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (status: number): Response =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'T', status, detail: 'D', errors: [] }), { status, headers: { 'content-type': 'application/problem+json' } });
const tokenAnswer = (accessToken: string): Response => json(200, { accessToken, tokenType: 'Bearer', expiresIn: 3600 });

/** A gateway answering by route, recording what was sent, and a clock the test moves. */
function gateway(routes: Record<string, Array<Response | (() => Promise<Response>)>>) {
  const ended: unknown[] = [];
  const sent: Array<{ route: string; authorization: string | null; body: string }> = [];
  let now = 1_000_000;
  const fetch = (async (request: Request) => {
    const route = `${request.method} ${new URL(request.url).pathname}`;
    sent.push({ route, authorization: request.headers.get('authorization'), body: await request.clone().text() });
    const next = routes[route]?.shift();
    if (!next) throw new Error(`no answer scripted for ${route}`);
    return typeof next === 'function' ? next() : next;
  }) as typeof globalThis.fetch;
  const client = createSaleswireClient({ baseUrl: BASE, credentials: { email: 'anna@x.test', password: 'secret-pw' }, fetch, now: () => now, retry: { attempts: 1 }, onUnauthorized: (problem) => ended.push(problem) });
  return { client, sent, ended, advance: (ms: number) => (now += ms), routes: () => sent.map(({ route }) => route) };
}

describe('sdk client: signing in once and refreshing the token', () => {
  it.each([
    ['just issued', 0, false],
    ['after 47 of 60 minutes', 47 * 60_000, false],
    ['after 48 of 60 minutes (20 % left)', 48 * 60_000, true],
    ['expired', HOUR + 1, true],
  ])('should find an hour token %s %s', (_case, age, due) => {
    expect(refreshDue({ issuedAt: 0, expiresAt: HOUR }, age)).toBe(due);
  });

  it.each([
    ['90 s token, 44 s old', 90_000, 44_000, false],
    ['90 s token, 45 s old (its last half)', 90_000, 45_000, true],
    ['4 min token, 2 min 59 s old', 240_000, 179_000, false],
    ['4 min token, 3 min old (its last minute)', 240_000, 180_000, true],
  ])('should find a %s %s', (_case, lifetime, age, due) => {
    expect(refreshDue({ issuedAt: 0, expiresAt: lifetime }, age)).toBe(due);
  });

  it('should sign in once with the password, then refresh the token when due, and never send the password again', async () => {
    const { client, sent, advance, routes } = gateway({
      'POST /api/v1/auth/token': [tokenAnswer('t1')],
      'POST /api/v1/auth/refresh': [tokenAnswer('t2')],
      'GET /api/v1/users/me': [json(200, {}), json(200, {}), json(200, {})],
    });
    await client.api.GET('/api/v1/users/me');
    advance(30 * 60_000);
    await client.api.GET('/api/v1/users/me');
    advance(20 * 60_000);
    await client.api.GET('/api/v1/users/me');
    expect(routes()).toEqual(['POST /api/v1/auth/token', 'GET /api/v1/users/me', 'GET /api/v1/users/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/users/me']);
    expect(sent.map(({ authorization }) => authorization)).toEqual([null, 'Bearer t1', 'Bearer t1', 'Bearer t1', 'Bearer t2']);
    expect(sent.filter(({ body }) => body.includes('secret-pw'))).toHaveLength(1);
    expect(JSON.stringify(client)).not.toContain('secret-pw');
  });

  it('should make one refresh for requests that find the token due together', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { client, advance, routes } = gateway({
      'POST /api/v1/auth/token': [tokenAnswer('t1')],
      'POST /api/v1/auth/refresh': [() => new Promise<Response>((resolve) => (answer = resolve))],
      'GET /api/v1/users/me': [json(200, {}), json(200, {}), json(200, {}), json(200, {})],
    });
    await client.api.GET('/api/v1/users/me');
    advance(55 * 60_000);
    const together = Promise.all([client.api.GET('/api/v1/users/me'), client.api.GET('/api/v1/users/me'), client.api.GET('/api/v1/users/me')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    answer(tokenAnswer('t2'));
    await together;
    expect(routes().filter((route) => route === 'POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it('should surface a 401 as UnauthorizedProblem rather than sign in again (the password is gone)', async () => {
    const { client, routes, ended } = gateway({
      'POST /api/v1/auth/token': [tokenAnswer('t1')],
      'GET /api/v1/users/me': [problem(401)],
    });
    await expect(client.api.GET('/api/v1/users/me')).rejects.toBeInstanceOf(UnauthorizedProblem);
    expect(routes()).toEqual(['POST /api/v1/auth/token', 'GET /api/v1/users/me']);
    expect(ended).toEqual([expect.any(UnauthorizedProblem)]);
  });

  it.each([
    ['401 (the token expired)', 401, UnauthorizedProblem],
    ['403 (the user was deactivated)', 403, ForbiddenProblem],
  ])('should throw a refused refresh %s and drop the token', async (_case, status, type) => {
    const { client, advance, routes, ended } = gateway({
      'POST /api/v1/auth/token': [tokenAnswer('t1')],
      'POST /api/v1/auth/refresh': [problem(status)],
      'GET /api/v1/users/me': [json(200, {}), json(200, {})],
    });
    await client.api.GET('/api/v1/users/me');
    advance(50 * 60_000);
    await expect(client.api.GET('/api/v1/users/me')).rejects.toBeInstanceOf(type);
    expect(ended).toEqual([expect.any(type)]);
    // No token and no password: the next request goes unsigned (and the gateway answers it 401).
    await client.api.GET('/api/v1/users/me');
    expect(routes()).toEqual(['POST /api/v1/auth/token', 'GET /api/v1/users/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/users/me']);
  });

  it('should keep a still-valid token when the refresh could not be answered (503), and try again on the next request', async () => {
    const { client, sent, advance, ended } = gateway({
      'POST /api/v1/auth/token': [tokenAnswer('t1')],
      'POST /api/v1/auth/refresh': [problem(503), tokenAnswer('t2')],
      'GET /api/v1/users/me': [json(200, {}), json(200, {}), json(200, {})],
    });
    await client.api.GET('/api/v1/users/me');
    advance(50 * 60_000);
    await client.api.GET('/api/v1/users/me');
    await client.api.GET('/api/v1/users/me');
    expect(sent.map(({ route, authorization }) => `${route} ${authorization}`)).toEqual([
      'POST /api/v1/auth/token null',
      'GET /api/v1/users/me Bearer t1',
      'POST /api/v1/auth/refresh Bearer t1',
      'GET /api/v1/users/me Bearer t1',
      'POST /api/v1/auth/refresh Bearer t1',
      'GET /api/v1/users/me Bearer t2',
    ]);
    expect(ended).toEqual([]);
  });

  it.each([
    ['a token', { token: 'given' }, { authorization: 'Bearer given', 'x-api-key': null }],
    ['an API key', { apiKey: 'sw_live_k' }, { authorization: null, 'x-api-key': 'sw_live_k' }],
  ])('should sign with %s as it is, never refreshing it', async (_case, credentials, headers) => {
    const seen: Request[] = [];
    const client = createSaleswireClient({
      baseUrl: BASE,
      credentials,
      now: () => Number.MAX_SAFE_INTEGER,
      fetch: (async (request: Request) => {
        seen.push(request);
        return json(200, {});
      }) as typeof fetch,
    });
    await client.api.GET('/api/v1/users/me');
    expect(seen.map((request) => new URL(request.url).pathname)).toEqual(['/api/v1/users/me']);
    expect({ authorization: seen[0].headers.get('authorization'), 'x-api-key': seen[0].headers.get('x-api-key') }).toEqual(headers);
  });
});

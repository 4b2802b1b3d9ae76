import { cleanupSuite, PlatformUnderTest } from '@saleswire/testing';
import { randomUUID } from 'node:crypto';
import { BadInputProblem, createSaleswireClient, NotFoundProblem, SaleswireClient, StaleVersionProblem, UnauthorizedProblem } from '../src';

const ADMIN = { email: 'admin@sdk.test', password: 'admin-password-sdk' };

/** A fetch that records what the SDK sent: method, path and Idempotency-Key of every try. */
function recordingFetch() {
  const sent: Array<{ method: string; path: string; key: string | null; status?: number }> = [];
  const recording = (async (input: Request) => {
    const entry: { method: string; path: string; key: string | null; status?: number } = {
      method: input.method,
      path: new URL(input.url).pathname + new URL(input.url).search,
      key: input.headers.get('idempotency-key'),
    };
    sent.push(entry);
    const response = await fetch(input);
    entry.status = response.status;
    return response;
  }) as typeof fetch;
  return { sent, fetch: recording };
}

/** ADR 0017: the SDK against the booted platform, as a partner portal or an integration uses it. */
describe('sdk: the typed client against the booted platform', () => {
  const platform = new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'sdk-secret-sdk-secret-sdk-secret-0123456789',
    RPC_TIMEOUT_MS: '1500',
  });
  let baseUrl: string;
  let admin: SaleswireClient;

  const newLead = (name: string) => ({ contact: { name }, source: 'website' as const, direction: 'inbound' as const });

  beforeAll(async () => {
    await platform.start('leads');
    await platform.start('gateway');
    baseUrl = platform.url('gateway');
    admin = createSaleswireClient({ baseUrl, credentials: ADMIN });
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should sign in with an email and password, with a token, and with an API key', async () => {
    const { data: lead } = await admin.api.POST('/api/v1/leads', { body: newLead('Signed In') });
    expect(lead).toMatchObject({ id: expect.any(String), status: 'new' });

    const token = await fetch(`${baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }).then((response) => response.json() as Promise<{ accessToken: string }>);
    const withToken = createSaleswireClient({ baseUrl, credentials: { token: token.accessToken } });
    await expect(withToken.api.GET('/api/v1/leads', { params: { query: { limit: 1 } } })).resolves.toMatchObject({ response: { status: 200 } });

    const { data: key } = await admin.api.POST('/api/v1/api-keys', { body: { name: 'SDK e2e', role: 'head_of_sales' } });
    const withKey = createSaleswireClient({ baseUrl, credentials: { apiKey: (key as unknown as { key: string }).key } });
    const { data: created } = await withKey.api.POST('/api/v1/leads', { body: newLead('Keyed In') });
    expect(created).toMatchObject({ status: 'new' });

    const wrong = createSaleswireClient({ baseUrl, credentials: { email: ADMIN.email, password: 'not-the-password' } });
    await expect(wrong.api.GET('/api/v1/leads')).rejects.toBeInstanceOf(UnauthorizedProblem);
  });

  it('should sign in once, refresh the token at the gateway when it is due, and report a refused token as the end of the session', async () => {
    const { sent, fetch: recording } = recordingFetch();
    let now = Date.now();
    const client = createSaleswireClient({ baseUrl, credentials: ADMIN, fetch: recording, now: () => now });
    await client.api.GET('/api/v1/users/me');
    now += 50 * 60_000;
    const { data: me } = await client.api.GET('/api/v1/users/me');
    expect(me).toMatchObject({ email: ADMIN.email });
    expect(sent.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'POST /api/v1/auth/token 200',
      'GET /api/v1/users/me 200',
      'POST /api/v1/auth/refresh 200',
      'GET /api/v1/users/me 200',
    ]);

    const ended: unknown[] = [];
    const refused = createSaleswireClient({ baseUrl, credentials: { token: 'not-a-token' }, onUnauthorized: (problem) => ended.push(problem) });
    await expect(refused.api.GET('/api/v1/users/me')).rejects.toBeInstanceOf(UnauthorizedProblem);
    expect(ended).toEqual([expect.any(UnauthorizedProblem)]);
  });

  it('should send every POST with an Idempotency-Key of its own', async () => {
    const { sent, fetch: recording } = recordingFetch();
    const client = createSaleswireClient({ baseUrl, credentials: ADMIN, fetch: recording });
    await client.api.POST('/api/v1/leads', { body: newLead('Key One') });
    await client.api.POST('/api/v1/leads', { body: newLead('Key Two') });
    const keys = sent.filter((entry) => entry.method === 'POST' && entry.path === '/api/v1/leads').map((entry) => entry.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('should retry a POST across a stopped and restarted leads service with the same key and create the lead once', async () => {
    const name = `Across Restart ${randomUUID()}`;
    const { sent, fetch: recording } = recordingFetch();
    const client = createSaleswireClient({ baseUrl, credentials: ADMIN, fetch: recording, retry: { attempts: 40, maxDelayMs: 1000 } });
    await platform.stop('leads');
    const created = client.api.POST('/api/v1/leads', { body: newLead(name) });
    // Let it be refused (503) a few times before the service comes back.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await platform.start('leads');
    const { data: lead, response } = await created;
    expect(response.status).toBe(201);

    const tries = sent.filter((entry) => entry.method === 'POST' && entry.path === '/api/v1/leads');
    expect(tries.length).toBeGreaterThan(1);
    expect(tries.slice(0, -1).every((entry) => entry.status === 503)).toBe(true);
    expect(new Set(tries.map((entry) => entry.key)).size).toBe(1);
    const found: unknown[] = [];
    for await (const item of admin.paginate('/api/v1/leads', { query: { q: name } })) found.push(item);
    expect(found).toEqual([expect.objectContaining({ id: (lead as unknown as { id: string }).id })]);
  });

  it('should page through a list of more than one page with the async iterator, asking page by page', async () => {
    const tag = `Paged ${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const { data } = await admin.api.POST('/api/v1/leads', { body: newLead(`${tag} ${index}`) });
      ids.push((data as unknown as { id: string }).id);
    }
    const { sent, fetch: recording } = recordingFetch();
    const client = createSaleswireClient({ baseUrl, credentials: ADMIN, fetch: recording });
    const seen: string[] = [];
    for await (const lead of client.paginate('/api/v1/leads', { query: { q: tag, limit: 2 } })) seen.push((lead as { id: string }).id);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(5);
    const pages = sent.filter((entry) => entry.method === 'GET' && entry.path.startsWith('/api/v1/leads?'));
    expect(pages).toHaveLength(3);
    expect(pages[0].path).not.toContain('cursor=');
    expect(pages[1].path).toContain('cursor=');
  });

  it('should throw problem documents as typed errors', async () => {
    const missing = await admin.api.GET('/api/v1/leads/{id}', { params: { path: { id: randomUUID() } } }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundProblem);
    expect(missing).toMatchObject({ status: 404 });

    const bad = await admin.api.POST('/api/v1/leads', { body: { ...newLead('Bad'), source: 'carrier-pigeon' as 'website' } }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(BadInputProblem);
    expect((bad as BadInputProblem).errors).toEqual([expect.objectContaining({ field: 'source' })]);

    const { data: lead } = await admin.api.POST('/api/v1/leads', { body: newLead('Versioned') });
    const id = (lead as unknown as { id: string }).id;
    const stale = await admin.api
      .PATCH('/api/v1/leads/{id}', { params: { path: { id }, header: { 'If-Match': '"99"' } }, body: { title: 'Too late' } })
      .catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(StaleVersionProblem);
  });
});

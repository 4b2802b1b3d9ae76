import { BOOT_HOOK_MS, cleanupSuite, eventually, PlatformUnderTest, TcpProxy } from '@saleswire/testing';
import request from 'supertest';
import { signingKey, TestOidcProvider } from './oidc-provider';
import { ADMIN, tokenFor } from './support';

const PARTNER_ONE_WAY = '01936f0e-8a4b-7c3d-9e2f-00000000cc01';
const PARTNER_TWO_WAYS = '01936f0e-8a4b-7c3d-9e2f-00000000cc02';
// A partner's figure in this suite: 100 at once, then 2 a second, so that what refills while a slow machine sends
// the requests stays small beside the burst the replicas must share.
const PARTNER_RATE = 2;
const PARTNER_BURST = 100;

interface Burst {
  allowed: number;
  refused: number;
  seconds: number;
}

/** The value of a Prometheus counter or gauge of the app's /metrics (summed over its labels). */
async function metric(url: string, name: string, labels = ''): Promise<number> {
  const text = (await request(url).get('/metrics').expect(200)).text;
  return text
    .split('\n')
    .filter((line) => line.startsWith(name) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('gateway: rate limits that hold across replicas (two gateway processes, one NATS KV)', () => {
  const provider = new TestOidcProvider();
  const key = signingKey('rl-1', 'ES256');
  const nats = new TcpProxy('127.0.0.1', Number(new URL(process.env.NATS_URL ?? 'nats://127.0.0.1:4222').port || 4222));
  let first: PlatformUnderTest;
  let second: PlatformUnderTest;
  let gatewayA: string;
  let gatewayB: string;

  /** Sends `total` requests of a partner's users, `concurrency` at a time, spread over `gateways`; counts the answers. */
  async function burst(gateways: string[], partnerId: string, total: number, concurrency = 8): Promise<Burst> {
    // Four users of the partner, so that the partner's budget, not a user's, is what runs out.
    const tokens = [1, 2, 3, 4].map((n) => provider.token(key, `${partnerId}-user-${n}`, { saleswire_role: 'partner_user', saleswire_partner_id: partnerId }));
    let sent = 0;
    const counts = { allowed: 0, refused: 0 };
    const started = Date.now();
    const worker = async (): Promise<void> => {
      while (sent < total) {
        const n = sent++;
        // An admin-only route: the partner's users get 403 while the budget lasts, then 429.
        const answer = await request(gateways[n % gateways.length]).get('/api/v1/api-keys').set('Authorization', `Bearer ${tokens[n % tokens.length]}`);
        if (answer.status === 429) counts.refused++;
        else if (answer.status === 403) counts.allowed++;
        else throw new Error(`unexpected ${answer.status}: ${answer.text}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { ...counts, seconds: (Date.now() - started) / 1000 };
  }

  beforeAll(async () => {
    await provider.start([key]);
    await nats.start();
    const env = {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
      RATE_LIMIT_PARTNER_PER_SECOND: String(PARTNER_RATE),
      RATE_LIMIT_PARTNER_BURST: String(PARTNER_BURST),
      ...provider.env(),
    };
    first = new PlatformUnderTest(env);
    // The second replica reaches NATS through a proxy the suite can cut.
    second = new PlatformUnderTest({ ...env, NATS_URL: `nats://127.0.0.1:${nats.port}` });
    await first.start('gateway');
    await second.start('gateway');
    gatewayA = first.url('gateway');
    gatewayB = second.url('gateway');
  }, BOOT_HOOK_MS);

  afterAll(async () => {
    await nats.start().catch(() => undefined);
    await Promise.all([first.stopAll(), second.stopAll()]);
    await nats.stop();
    await provider.stop();
    await cleanupSuite();
  });

  it('should put RateLimit headers on every answer, and answer 429 with Retry-After once the budget is used', async () => {
    const token = provider.token(key, 'headers-user', { saleswire_role: 'partner_user', saleswire_partner_id: '01936f0e-8a4b-7c3d-9e2f-00000000cc09' });
    const first = await request(gatewayA).get('/api/v1/api-keys').set('Authorization', `Bearer ${token}`).expect(403);
    expect(first.headers['ratelimit-limit']).toBe(String(PARTNER_BURST));
    expect(Number(first.headers['ratelimit-remaining'])).toBe(PARTNER_BURST - 1);
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    let refused: request.Response | undefined;
    for (let i = 0; i < PARTNER_BURST + 50 && !refused; i++) {
      const answer = await request(i % 2 ? gatewayA : gatewayB).get('/api/v1/api-keys').set('Authorization', `Bearer ${token}`);
      if (answer.status === 429) refused = answer;
    }
    expect(refused).toBeDefined();
    expect(refused!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused!.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused!.headers['ratelimit-remaining']).toBe('0');
  });

  it('should hold a partner bursting through two replicas to the same figure as through one', async () => {
    const oneWay = await burst([gatewayA], PARTNER_ONE_WAY, 400);
    const twoWays = await burst([gatewayA, gatewayB], PARTNER_TWO_WAYS, 400);
    for (const { allowed, seconds } of [oneWay, twoWays]) {
      // The burst, plus what refilled while the requests were sent; leases may leave a few tokens unused.
      const figure = PARTNER_BURST + PARTNER_RATE * seconds;
      expect(allowed).toBeLessThanOrEqual(Math.ceil(figure) + 2);
      expect(allowed).toBeGreaterThanOrEqual(PARTNER_BURST - 10);
    }
    // Counted per replica, two replicas would have let through about twice the burst.
    expect(twoWays.allowed).toBeLessThan(1.5 * PARTNER_BURST);
    const normalised = (b: Burst): number => b.allowed - PARTNER_RATE * b.seconds;
    expect(Math.abs(normalised(twoWays) - normalised(oneWay))).toBeLessThanOrEqual(12);
  });

  it('should cost far less than one round trip to NATS KV per request', async () => {
    const token = provider.token(key, 'steady-user', { saleswire_role: 'admin' });
    const trips = () => metric(gatewayA, 'saleswire_rate_limit_store_round_trips_total');
    const decided = () => metric(gatewayA, 'saleswire_rate_limit_decisions_total');
    const [tripsBefore, decidedBefore] = [await trips(), await decided()];
    for (let i = 0; i < 150; i++) await request(gatewayA).get('/api/v1/api-keys?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
    const perRequest = (await trips() - tripsBefore) / (await decided() - decidedBefore);
    // A user's lease is a tenth of a second of its rate (5 of 50 a second): about one round trip per 5 requests.
    expect(perRequest).toBeLessThan(0.4);
  });

  it('should refuse on the other replica a key revoked through one, within the moment NATS takes to say so', async () => {
    const admin = await tokenFor(gatewayA, ADMIN);
    const created = await request(gatewayA).post('/api/v1/api-keys').set('Authorization', `Bearer ${admin}`).send({ name: 'two replicas', role: 'admin' }).expect(201);
    // Both replicas have looked the key up and keep it in their caches.
    await request(gatewayA).get('/api/v1/api-keys').set('X-Api-Key', created.body.key).expect(200);
    await request(gatewayB).get('/api/v1/api-keys').set('X-Api-Key', created.body.key).expect(200);
    await request(gatewayA).delete(`/api/v1/api-keys/${created.body.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
    const revokedAt = Date.now();
    // Replica A answers once NATS has handed the revocation to every replica's connection; B reads it from there.
    await eventually(
      async () => (await request(gatewayB).get('/api/v1/api-keys').set('X-Api-Key', created.body.key)).status,
      (status) => status === 401,
      { timeoutMs: 5000, intervalMs: 5 },
    );
    // Milliseconds on a quiet machine; the bound is only what tells the broadcast from the cache's 10 s TTL, so
    // that a loaded machine (CI beside other work) does not fail a test that is not about speed.
    expect(Date.now() - revokedAt).toBeLessThan(5000);
  });

  it('should count per replica, rather than refuse, while NATS is unreachable, and share again once it is back', async () => {
    const token = provider.token(key, 'outage-user', { saleswire_role: 'admin' });
    const shared = () => metric(gatewayB, 'saleswire_rate_limit_shared');
    expect(await shared()).toBe(1);
    await nats.cut();
    for (let i = 0; i < 20; i++) {
      const answer = await request(gatewayB).get('/api/v1/api-keys?limit=1').set('Authorization', `Bearer ${token}`).expect(200);
      expect(answer.headers['ratelimit-remaining']).toMatch(/^\d+$/);
    }
    expect(await shared()).toBe(0);
    expect(second.logs('gateway').some((line) => /counted per replica/.test(String(line.msg)))).toBe(true);
    await nats.start();
    await eventually(
      async () => {
        await request(gatewayB).get('/api/v1/api-keys?limit=1').set('Authorization', `Bearer ${token}`);
        return shared();
      },
      (value) => value === 1,
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  });
});

import { cleanupSuite, eventually, PlatformUnderTest, TestProducer } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, tokenFor } from './support';

// Issue 12, "Users are the platform's directory": PATCH /users/{id}, deactivation, GET /users/me, the
// evt.iam.user.* events of the gateway's outbox, and a deactivation that stops a user's tokens and keys at once
// on every gateway replica (two gateway processes, one NATS).

const ENV = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
  RPC_TIMEOUT_MS: '1500',
};

describe('gateway: users are the directory (two gateway replicas, real PostgreSQL and NATS)', () => {
  const first = new PlatformUnderTest(ENV);
  const second = new PlatformUnderTest(ENV);
  let gatewayA: string;
  let gatewayB: string;
  let admin: string;
  let producer: TestProducer;
  let n = 0;

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  const login = (user: { email: string; password: string }) => ({ email: user.email, password: user.password });

  async function createUser(role = 'manager'): Promise<{ id: string; email: string; password: string; version: number }> {
    n += 1;
    const email = `directory-${n}-${Date.now()}@e2e.test`;
    const password = 'long-enough-password';
    const response = await request(gatewayA).post('/api/v1/users').set(as(admin)).send({ email, name: `User ${n}`, role, password }).expect(201);
    return { id: response.body.id, email, password, version: response.body.version };
  }

  beforeAll(async () => {
    await first.start('gateway');
    await second.start('gateway');
    gatewayA = first.url('gateway');
    gatewayB = second.url('gateway');
    admin = await tokenFor(gatewayA, ADMIN);
    producer = await TestProducer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer.close();
    await Promise.all([first.stopAll(), second.stopAll()]);
    await cleanupSuite();
  });

  it('should answer GET /users/me with the caller, and 404 for an API key, which is no user', async () => {
    const user = await createUser();
    const token = await tokenFor(gatewayA, login(user));
    const me = await request(gatewayA).get('/api/v1/users/me').set(as(token)).expect(200);
    expect(me.body).toMatchObject({ id: user.id, email: user.email, role: 'manager', active: true });
    expect(me.headers.etag).toBe(`"${me.body.version}"`);
    const key = await request(gatewayA).post('/api/v1/api-keys').set(as(admin)).send({ name: 'me', role: 'manager' }).expect(201);
    await request(gatewayA).get('/api/v1/users/me').set('X-Api-Key', key.body.key).expect(404);
  });

  it.each(['manager', 'head_of_sales', 'channel_manager'])(
    "should show a %s colleagues' names, emails, roles and whether they are active, and nothing only an admin needs",
    async (role) => {
      const colleague = await createUser('manager');
      const reader = await createUser(role);
      const token = await tokenFor(gatewayB, login(reader));
      const listed = await request(gatewayB).get('/api/v1/users?role=manager&limit=500').set(as(token)).expect(200);
      const entry = (listed.body.items as Array<Record<string, unknown>>).find((item) => item.id === colleague.id);
      expect(entry).toEqual({ id: colleague.id, name: expect.stringMatching(/^User \d+$/), email: colleague.email, role: 'manager', partnerId: null, active: true });
      expect((listed.body.items as Array<{ role: string }>).every((item) => item.role === 'manager')).toBe(true);
      // One user, and changing one, stay an administrator's.
      await request(gatewayB).get(`/api/v1/users/${colleague.id}`).set(as(token)).expect(403);
      // The administrator's list still carries what PATCH needs.
      const whole = await request(gatewayB).get('/api/v1/users?role=manager&limit=500').set(as(admin)).expect(200);
      expect((whole.body.items as Array<Record<string, unknown>>).find((item) => item.id === colleague.id)).toMatchObject({ version: 1, createdAt: expect.any(String) });
    },
  );

  it('should change a name and role under If-Match, 412 on a stale version, 428 without one, and let only admins', async () => {
    const user = await createUser();
    const userToken = await tokenFor(gatewayA, login(user));
    await request(gatewayA).patch(`/api/v1/users/${user.id}`).set(as(admin)).send({ name: 'Renamed' }).expect(428);
    const changed = await request(gatewayA)
      .patch(`/api/v1/users/${user.id}`)
      .set(as(admin))
      .set('If-Match', `"${user.version}"`)
      .send({ name: 'Renamed', role: 'head_of_sales' })
      .expect(200);
    expect(changed.body).toMatchObject({ name: 'Renamed', role: 'head_of_sales', version: user.version + 1 });
    expect(changed.headers.etag).toBe(`"${user.version + 1}"`);
    await request(gatewayA).patch(`/api/v1/users/${user.id}`).set(as(admin)).set('If-Match', `"${user.version}"`).send({ name: 'Again' }).expect(412);
    // The token names the role it was issued with: after a role change it must be renewed.
    await request(gatewayB).get('/api/v1/users/me').set(as(userToken)).expect(401);
    const renewed = await tokenFor(gatewayB, login(user));
    await request(gatewayB).patch(`/api/v1/users/${user.id}`).set(as(renewed)).set('If-Match', `"${user.version + 1}"`).send({ name: 'Me' }).expect(403);
    await request(gatewayA)
      .patch(`/api/v1/users/${user.id}`)
      .set(as(admin))
      .set('If-Match', `"${user.version + 1}"`)
      .send({ role: 'partner_user' })
      .expect(422);
  });

  it("should stop a deactivated user's token and keys at once on both replicas, and let them back when reactivated", async () => {
    const user = await createUser('admin');
    const token = await tokenFor(gatewayA, login(user));
    const key = (await request(gatewayA).post('/api/v1/api-keys').set(as(token)).send({ name: 'made by a user', role: 'admin' }).expect(201)).body.key as string;
    // Both replicas have checked the token and the key, and keep what they learned.
    for (const gateway of [gatewayA, gatewayB]) {
      await request(gateway).get('/api/v1/users/me').set(as(token)).expect(200);
      await request(gateway).get('/api/v1/users').set('X-Api-Key', key).expect(200);
    }
    const deactivated = await request(gatewayA).post(`/api/v1/users/${user.id}/deactivate`).set(as(admin)).set('Idempotency-Key', `deactivate-${user.id}`).expect(200);
    expect(deactivated.body).toMatchObject({ id: user.id, active: false });
    // Replica A answered after NATS handed the news to B's connection: no wait for a cache to expire.
    for (const gateway of [gatewayA, gatewayB]) {
      expect((await request(gateway).get('/api/v1/users/me').set(as(token))).status).toBe(403);
      expect((await request(gateway).get('/api/v1/users').set('X-Api-Key', key)).status).toBe(403);
    }
    await request(gatewayB).post('/api/v1/auth/token').send(login(user)).expect(401);
    // The same key again: the first answer, and no second event.
    const again = await request(gatewayB).post(`/api/v1/users/${user.id}/deactivate`).set(as(admin)).set('Idempotency-Key', `deactivate-${user.id}`).expect(200);
    expect(again.body).toEqual(deactivated.body);
    await request(gatewayA).patch(`/api/v1/users/${user.id}`).set(as(admin)).set('If-Match', `"${deactivated.body.version}"`).send({ active: true }).expect(200);
    expect((await request(gatewayB).get('/api/v1/users/me').set(as(token))).status).toBe(200);
  });

  it('should refuse an admin deactivating themselves', async () => {
    const me = await request(gatewayA).get('/api/v1/users/me').set(as(admin)).expect(200);
    await request(gatewayA).post(`/api/v1/users/${me.body.id}/deactivate`).set(as(admin)).expect(422);
  });

  it('should publish created, updated and deactivated once each to IAM_EVENTS, whole, with growing versions', async () => {
    const user = await createUser();
    await request(gatewayA).patch(`/api/v1/users/${user.id}`).set(as(admin)).set('If-Match', `"${user.version}"`).send({ name: 'Published' }).expect(200);
    await request(gatewayA).post(`/api/v1/users/${user.id}/deactivate`).set(as(admin)).set('Idempotency-Key', `publish-${user.id}`).expect(200);
    await request(gatewayA).post(`/api/v1/users/${user.id}/deactivate`).set(as(admin)).set('Idempotency-Key', `publish-${user.id}`).expect(200);
    const events = await eventually(
      async () =>
        (await producer.messages('IAM_EVENTS'))
          .map((message) => JSON.parse(message.data) as { type: string; aggregateId: string; aggregateVersion: number; producer: string; payload: Record<string, unknown> })
          .filter((event) => event.aggregateId === user.id),
      (mine) => mine.length >= 3,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toHaveLength(3);
    expect(events.map((event) => [event.type, event.aggregateVersion])).toEqual([
      ['iam.user.created', 1],
      ['iam.user.updated', 2],
      ['iam.user.deactivated', 3],
    ]);
    expect(events[2]).toMatchObject({ producer: 'gateway', payload: { userId: user.id, email: user.email, name: 'Published', role: 'manager', partnerId: null, active: false } });
  });
});

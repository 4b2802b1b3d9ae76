import { cleanupSuite } from '@saleswire/testing';
import request from 'supertest';
import { ADMIN, e2ePlatform, tokenFor } from './support';

describe('request time limit (booted gateway with REQUEST_TIMEOUT_MS=1)', () => {
  const platform = e2ePlatform();
  let gateway: string;
  let token: string;

  beforeAll(async () => {
    await platform.start('leads');
    // The login itself outlives 1 ms: take a token first, then restart the gateway (same signing key) limited.
    await platform.start('gateway');
    token = await tokenFor(platform.url('gateway'), ADMIN);
    await platform.stop('gateway');
    await platform.start('gateway', { REQUEST_TIMEOUT_MS: '1' });
    gateway = platform.url('gateway');
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should answer a route that outlives the limit with a 503 problem and Retry-After, not hang', async () => {
    // A list waits on the leads service over NATS: far more than 1 ms.
    const response = await request(gateway).get('/api/v1/leads').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toMatchObject({ status: 503, detail: expect.stringContaining('within 1 ms') });
  });

  it('should still answer what finishes within the limit, after a late handler result was dropped', async () => {
    await request(gateway).get('/health/live').expect(200);
  });
});

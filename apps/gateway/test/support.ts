import { PlatformUnderTest } from '@saleswire/testing';
import request from 'supertest';

export const ADMIN = { email: 'admin@e2e.test', password: 'admin-password-e2e' };

/** The platform's configuration in end-to-end suites: known admin and signing key, a short RPC timeout. */
export function e2ePlatform(): PlatformUnderTest {
  return new PlatformUnderTest({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    RPC_TIMEOUT_MS: '1500',
  });
}

/** Logs in and answers the bearer token. */
export async function tokenFor(gateway: string, credentials: { email: string; password: string }): Promise<string> {
  const response = await request(gateway).post('/api/v1/auth/token').send(credentials).expect(200);
  return response.body.accessToken as string;
}

/** Signs a partner up through the API (as the admin by default) and answers its id: partner users need a real, active partner. */
export async function createPartner(gateway: string, token: string, body: Record<string, unknown> = {}): Promise<string> {
  const response = await request(gateway)
    .post('/api/v1/partners')
    .set('Authorization', `Bearer ${token}`)
    .send({ name: `Partner ${Math.random().toString(36).slice(2, 10)}`, kind: 'reseller', tier: 'silver', territories: ['DE'], commissionRate: 0.1, ...body })
    .expect(201);
  return response.body.id as string;
}

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

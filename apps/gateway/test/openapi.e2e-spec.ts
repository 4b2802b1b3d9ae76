import { cleanupSuite, PlatformUnderTest } from '@saleswire/testing';
import request from 'supertest';
import { generateOpenApiDocument } from '../src/openapi-document';
import { ADMIN } from './support';

/**
 * The document a running gateway serves is the one `tools/openapi.mjs` builds offline (preview mode), which the
 * lint, the SDK's types and docs/openapi.json start from (ADR 0017).
 */
describe('gateway: the served OpenAPI document (booted gateway)', () => {
  const platform = new PlatformUnderTest({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789' });

  beforeAll(async () => {
    await platform.start('gateway');
  });

  afterAll(async () => {
    await platform.stopAll();
    await cleanupSuite();
  });

  it('should serve at /api/docs-json the document built without PostgreSQL or NATS', async () => {
    const served = await request(platform.url('gateway')).get('/api/docs-json').expect(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(await generateOpenApiDocument({ LOG_LEVEL: 'silent' }))));
  });
});

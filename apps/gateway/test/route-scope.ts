import { eventually } from '@saleswire/testing';
import request from 'supertest';
import { createPartner, tokenFor } from './support';

// Shared by the suites that try routes as callers of other scopes (partners-isolation, route-roles): the route
// table as the OpenAPI document lists it, and a partner with a user and records of every partners kind.

const PASSWORD = 'password-e2e-scope';

export const REGISTRATION_BODY = { customer: { name: 'Probe GmbH' }, title: 'Probe', expectedAmount: 1, currency: 'EUR', expectedCloseDate: '2026-12-31' };

/** Every operation of the gateway's OpenAPI document as `METHOD /api/v1/path/{id}`, optionally of some tags only. */
export async function operationsOf(gateway: string, tags?: readonly string[]): Promise<string[]> {
  const docs = await request(gateway).get('/api/docs-json').expect(200);
  return Object.entries(docs.body.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => !tags || operation.tags?.some((tag) => tags.includes(tag)))
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

/** A partner's records, and its user's token. */
export interface PartnerRecords {
  partner: string;
  /** An approved registration, whose indirect deal was won and earned the commission. */
  registration: string;
  /** A registration that stays submitted, for the steps only a submitted one allows. */
  submitted: string;
  commission: string;
  /** The partner's user (whose token is `token`). */
  user: string;
  /** The indirect deal the approval opened, and its customer. */
  deal: string;
  customer: string;
  token: string;
}

/** Signs a partner up with a user, a submitted registration, and an approved one whose deal was won and earned a commission. */
export async function partnerWithRecords(gateway: string, admin: string, name: string, territories?: string[]): Promise<PartnerRecords> {
  const partner = await createPartner(gateway, admin, territories ? { name, territories } : { name });
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@scope.e2e.test`;
  const user = (
    await request(gateway)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email, name, role: 'partner_user', password: PASSWORD, partnerId: partner })
      .expect(201)
  ).body.id as string;
  const token = await tokenFor(gateway, { email, password: PASSWORD });
  const register = async (customer: string): Promise<string> =>
    (
      await request(gateway)
        .post(`/api/v1/partners/${partner}/deal-registrations`)
        .set('Authorization', `Bearer ${token}`)
        .send({ ...REGISTRATION_BODY, customer: { name: customer, taxId: `${Math.floor(Math.random() * 1e9)}${Date.now() % 1000}` } })
        .expect(201)
    ).body.id;
  const submitted = await register(`Submitted ${name} Corp`);
  const approved = await register(`Approved ${name} Corp`);
  const { dealId } = (await request(gateway).post(`/api/v1/deal-registrations/${approved}/approve`).set('Authorization', `Bearer ${admin}`).send({}).expect(200)).body;
  await eventually(
    () => request(gateway).post(`/api/v1/deals/${dealId}/payments`).set('Authorization', `Bearer ${admin}`).send({ amount: 1, currency: 'EUR', paidAt: '2026-09-15T10:00:00Z' }),
    (r) => r.status === 201,
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  const commissions = await eventually(
    () => request(gateway).get(`/api/v1/partners/${partner}/commissions`).set('Authorization', `Bearer ${token}`),
    (r) => r.status === 200 && r.body.items.length === 1,
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  const deal = (await request(gateway).get(`/api/v1/deals/${dealId}`).set('Authorization', `Bearer ${admin}`).expect(200)).body;
  return { partner, registration: approved, submitted, commission: commissions.body.items[0].id, user, deal: dealId, customer: deal.customerId, token };
}

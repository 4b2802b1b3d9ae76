import type { OpenAPIObject } from '@nestjs/swagger';
import { generateOpenApiDocument } from '../src/openapi-document';
import { AnswerSchemaCheck } from './answer-schema.check';

// The check the end-to-end suites run on every answer (answer-schema.setup.ts), on answers made up here: it must
// let a right answer through and name the operation, the status and the field of a wrong one.

const LEAD = {
  id: '5b1f6a52-1c4e-4d0b-9a55-0b6f7d3c2e10',
  status: 'new',
  contact: { name: 'Anna', email: 'anna@example.com' },
  company: null,
  source: 'website',
  direction: 'inbound',
  segment: 'b2c',
  marketingEventId: null,
  title: null,
  expectedAmount: 1200,
  currency: 'EUR',
  assigneeId: null,
  partnerId: null,
  region: 'DE-BY',
  comment: null,
  isRepeat: false,
  customerId: null,
  duplicateOfId: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  statusReason: null,
  dealId: null,
  convertedAt: null,
};
const PROBLEM = { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such lead.', errors: [] };
const JSON_TYPE = 'application/json; charset=utf-8';

let check: AnswerSchemaCheck;

beforeAll(async () => {
  check = new AnswerSchemaCheck((await generateOpenApiDocument({ LOG_LEVEL: 'silent' })) as OpenAPIObject);
});

describe('the check of answers against the document', () => {
  it.each([
    ['a lead as GET /leads/{id} documents it', 'GET', `/api/v1/leads/${LEAD.id}`, 200, LEAD],
    ['a page of leads with its cursor', 'GET', '/api/v1/leads?limit=1', 200, { items: [LEAD], nextCursor: 'eyJpZCI6MX0' }],
    ['the last page', 'GET', '/api/v1/leads', 200, { items: [], nextCursor: null }],
  ])('should let through %s', (_case, method, url, status, body) => {
    expect(check.check(method, `http://127.0.0.1:3000${url}`, status, JSON_TYPE, body)).toBeUndefined();
  });

  it('should let through a problem document of a documented problem status', () => {
    expect(check.check('GET', `/api/v1/leads/${LEAD.id}`, 404, 'application/problem+json', PROBLEM)).toBeUndefined();
  });

  it.each([
    ['a field of another type', { ...LEAD, version: '1' }, 'version: must be number'],
    ['a required field missing', (({ status: _status, ...rest }) => rest)(LEAD), 'status'],
    ['a field the document does not describe', { ...LEAD, secret: 'x' }, 'secret'],
    ['a nested field of another type', { ...LEAD, contact: { name: 7 } }, 'contact.name'],
    ['null where the field is not nullable', { ...LEAD, isRepeat: null }, 'isRepeat'],
  ])('should name the operation, the status and %s', (_case, body, field) => {
    const mismatch = check.check('GET', `/api/v1/leads/${LEAD.id}`, 200, JSON_TYPE, body);
    expect(mismatch).toContain('GET /api/v1/leads/{id}');
    expect(mismatch).toContain('200');
    expect(mismatch).toContain(field);
  });

  it('should name an item of a page that does not match', () => {
    const mismatch = check.check('GET', '/api/v1/leads', 200, JSON_TYPE, { items: [LEAD, { ...LEAD, source: 'carrier pigeon' }], nextCursor: null });
    expect(mismatch).toContain('items.1.source');
  });

  it('should refuse a status the operation does not document', () => {
    expect(check.check('GET', `/api/v1/leads/${LEAD.id}`, 418, 'application/problem+json', PROBLEM)).toContain('no 418 answer');
  });

  it('should take the literal route before a parameter one (`/users/me`, not `/users/{id}`)', () => {
    expect(check.check('GET', '/api/v1/users/me', 200, JSON_TYPE, LEAD)).toContain('GET /api/v1/users/me');
  });

  it('should leave alone what is not a JSON answer of the API', () => {
    expect(check.check('GET', '/health/ready', 200, JSON_TYPE, { anything: true })).toBeUndefined();
    expect(check.check('GET', '/api/v1/partners/x/feed', 200, 'text/event-stream', 'id: 1')).toBeUndefined();
  });
});

import { checkBatch, checkOperation } from './batch-operation';

const LEAD = { contact: { name: 'Irina' }, source: 'website', direction: 'inbound' };

describe('checkOperation', () => {
  it.each([
    ['a GET with a query string', { method: 'GET', path: '/api/v1/leads?status=new&q=Irina%20V' }],
    ['a POST with a body and an idempotency key', { method: 'POST', path: '/api/v1/leads', body: LEAD, idempotencyKey: 'import-1' }],
    ['a PATCH with If-Match', { method: 'PATCH', path: '/api/v1/leads/01936f0e-8a4b-7c3d-9e2f-00000000bb01', body: { title: 'x' }, ifMatch: '"3"' }],
    ['a PUT of a month', { method: 'PUT', path: '/api/v1/sales-plans/2026-04/department', body: { amount: 1, currency: 'EUR' } }],
    ['a DELETE', { method: 'DELETE', path: '/api/v1/api-keys/01936f0e-8a4b-7c3d-9e2f-00000000bb01' }],
    ['an import, whose body is a list', { method: 'POST', path: '/api/v1/leads/import', body: [LEAD] }],
  ])('should accept %s', (_case, operation) => {
    const checked = checkOperation(operation);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.operation.body).toBe((operation as { body?: unknown }).body);
  });

  it.each([
    ['not an object', 'GET /api/v1/leads', ''],
    ['a list', [{ method: 'GET', path: '/api/v1/leads' }], ''],
    ['an unknown method', { method: 'HEAD', path: '/api/v1/leads' }, 'method'],
    ['a lower-case method', { method: 'get', path: '/api/v1/leads' }, 'method'],
    ['no path', { method: 'GET' }, 'path'],
    ['a path outside the API', { method: 'GET', path: '/health/ready' }, 'path'],
    ['a full URL', { method: 'GET', path: 'http://evil.example/api/v1/leads' }, 'path'],
    ['a dot segment', { method: 'GET', path: '/api/v1/leads/../users' }, 'path'],
    ['an empty segment', { method: 'GET', path: '/api/v1//batch' }, 'path'],
    ['a percent-escape in the path', { method: 'POST', path: '/api/v1/%62atch', body: { operations: [] } }, 'path'],
    ['a space', { method: 'GET', path: '/api/v1/leads?q=a b' }, 'path'],
    ['a fragment', { method: 'GET', path: '/api/v1/leads?q=a#x' }, 'path'],
    ['a nested batch', { method: 'POST', path: '/api/v1/batch', body: { operations: [] } }, 'path'],
    ['a nested batch with a trailing slash', { method: 'POST', path: '/api/v1/batch/', body: { operations: [] } }, 'path'],
    ['a stream', { method: 'GET', path: '/api/v1/partners/01936f0e-8a4b-7c3d-9e2f-00000000bb01/feed' }, 'path'],
    ['a GET with a body', { method: 'GET', path: '/api/v1/leads', body: {} }, 'body'],
    ['a body that is a string', { method: 'POST', path: '/api/v1/leads', body: 'x' }, 'body'],
    ['a NUL in the body', { method: 'POST', path: '/api/v1/leads', body: { contact: { name: 'a\u0000b' } } }, 'body.contact.name'],
    ['a lone surrogate in the path', { method: 'GET', path: '/api/v1/leads?q=\ud800' }, 'path'],
    ['an infinite number in the body', { method: 'POST', path: '/api/v1/leads', body: { expectedAmount: Infinity } }, 'body.expectedAmount'],
    ['a constructor field', { method: 'GET', path: '/api/v1/leads', constructor: 1 }, 'constructor'],
    ['an unknown field', { method: 'GET', path: '/api/v1/leads', headers: { 'x-admin': '1' } }, 'headers'],
    ['an idempotency key on a GET', { method: 'GET', path: '/api/v1/leads', idempotencyKey: 'k' }, 'idempotencyKey'],
    ['an idempotency key with spaces', { method: 'POST', path: '/api/v1/leads', body: LEAD, idempotencyKey: 'a key' }, 'idempotencyKey'],
    ['an If-Match of 101 characters', { method: 'PATCH', path: '/api/v1/leads/x', body: {}, ifMatch: '1'.repeat(101) }, 'ifMatch'],
    ['a path of 2001 characters', { method: 'GET', path: `/api/v1/leads?q=${'x'.repeat(1990)}` }, 'path'],
  ])('should answer 400 naming %s', (_case, operation, field) => {
    const checked = checkOperation(operation);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.problem.status).toBe(400);
      expect(checked.problem.errors?.map((error) => error.field)).toContain(field);
    }
  });
});

describe('checkBatch', () => {
  it('should answer the operations as they came, fields a pipe would drop included', () => {
    const body = JSON.parse('{"operations":[{"method":"GET","path":"/api/v1/leads","constructor":1}]}') as { operations: unknown[] };
    const operations = checkBatch(body);
    expect(operations).toBe(body.operations);
    expect(Object.keys(operations[0] as object)).toContain('constructor');
    expect(checkOperation(operations[0]).ok).toBe(false);
  });

  it.each([
    ['null', null, 'body'],
    ['a list', [{ method: 'GET', path: '/api/v1/leads' }], 'body'],
    ['no operations', {}, 'operations'],
    ['an empty list', { operations: [] }, 'operations'],
    ['101 operations', { operations: Array.from({ length: 101 }, () => ({})) }, 'operations'],
    ['operations that are no list', { operations: 'all' }, 'operations'],
    ['an unknown field', { operations: [{}], atomic: true }, 'atomic'],
    ['a constructor field', JSON.parse('{"operations":[{}],"constructor":1}'), 'constructor'],
  ])('should refuse a batch of %s as a whole, naming %s', (_case, body, field) => {
    expect(() => checkBatch(body)).toThrow(expect.objectContaining({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ field })]) }));
  });
});

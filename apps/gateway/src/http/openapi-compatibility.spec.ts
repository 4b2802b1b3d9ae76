import type { OpenAPIObject } from '@nestjs/swagger';
import { breakingChanges } from './openapi-compatibility';

const base = (): OpenAPIObject =>
  ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/leads': {
        get: { parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['new', 'junk'] } }], responses: {} },
        post: { requestBody: { required: true, content: {} }, responses: {} },
      },
    },
    components: {
      schemas: {
        CreateLeadInputV1: {
          type: 'object',
          required: ['source'],
          properties: { source: { type: 'string', enum: ['website', 'referral'] }, contact: { $ref: '#/components/schemas/LeadContactV1' }, amount: { type: 'number' } },
        },
        LeadContactV1: { type: 'object', properties: { name: { type: 'string' } } },
      },
    },
  }) as unknown as OpenAPIObject;

// The documents are edited by hand here, field by field, as JSON.
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Change = (document: Loose) => void;

describe('breaking changes of the OpenAPI document', () => {
  it('should find none between a document and itself, nor when things are only added', () => {
    const after = base() as unknown as Loose;
    after.paths['/api/v1/deals'] = { get: { responses: {} } };
    after.components.schemas.CreateLeadInputV1.properties.comment = { type: 'string' };
    after.components.schemas.CreateLeadInputV1.properties.source.enum.push('partner');
    after.paths['/api/v1/leads'].get.parameters.push({ name: 'q', in: 'query', required: false, schema: { type: 'string' } });
    expect(breakingChanges(base(), after as unknown as OpenAPIObject)).toEqual([]);
  });

  it.each<[string, Change, string]>([
    ['an operation removed', (d) => delete d.paths['/api/v1/leads'].get, 'GET /api/v1/leads was removed'],
    ['a field removed', (d) => delete d.components.schemas.CreateLeadInputV1.properties.amount, 'CreateLeadInputV1.amount was removed'],
    ['a field retyped', (d) => (d.components.schemas.CreateLeadInputV1.properties.amount = { type: 'string' }), 'CreateLeadInputV1.amount was retyped from number to string'],
    ['a nested shape retyped', (d) => (d.components.schemas.LeadContactV1.properties.name = { type: 'integer' }), 'LeadContactV1.name was retyped from string to integer'],
    ['an enum value dropped', (d) => (d.components.schemas.CreateLeadInputV1.properties.source.enum = ['website']), 'CreateLeadInputV1.source no longer takes "referral"'],
    ['a field made required', (d) => d.components.schemas.CreateLeadInputV1.required.push('amount'), 'CreateLeadInputV1.amount became required'],
    ['a schema removed', (d) => delete d.components.schemas.LeadContactV1, 'LeadContactV1 was removed'],
    ['a query parameter removed', (d) => (d.paths['/api/v1/leads'].get.parameters = []), 'GET /api/v1/leads query parameter status was removed'],
    [
      'a required parameter added',
      (d) => d.paths['/api/v1/leads'].get.parameters.push({ name: 'ownerId', in: 'query', required: true }),
      'GET /api/v1/leads query parameter ownerId was added as required',
    ],
  ])('should name %s', (_label, change, expected) => {
    const after = base() as unknown as Loose;
    change(after);
    expect(breakingChanges(base(), after as unknown as OpenAPIObject)).toContain(expected);
  });
});

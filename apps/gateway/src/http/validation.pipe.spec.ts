import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { CreateDealInputV1, CreateLeadInputV1, ListLeadsQueryV1, UpdateLeadInputV1 } from '@saleswire/contracts';
import { InvalidInputError } from '@saleswire/messaging';
import { createValidationPipe } from './validation.pipe';

const LEAD = { contact: { name: 'Irina Volkova', email: 'irina@northwind.example' }, source: 'website', direction: 'inbound' };
const CUSTOMER = '01936f10-0000-7000-8000-0000000c0001';

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

async function refusal(value: unknown, metadata: ArgumentMetadata): Promise<InvalidInputError> {
  const error: unknown = await createValidationPipe()
    .transform(value, metadata)
    .then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

/**
 * The gateway's pipe answers a clean input (`input` makes it afresh for each pipe) with the instance Nest's own pipe
 * builds, and without running Nest's pipe.
 */
async function expectNestsInstance(input: () => unknown, metadata: ArgumentMetadata): Promise<void> {
  const nest = jest.spyOn(ValidationPipe.prototype, 'transform');
  let fast: unknown;
  try {
    fast = await createValidationPipe().transform(input(), metadata);
    expect(nest).not.toHaveBeenCalled();
  } finally {
    nest.mockRestore();
  }
  const slow: unknown = await new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true }).transform(input(), metadata);
  expect(fast).toBeInstanceOf(metadata.metatype as new () => unknown);
  expect(fast).toEqual(slow);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

describe('the gateway ValidationPipe', () => {
  it.each([
    ['contact.name', 'a NUL in a body field', { ...LEAD, contact: { name: 'a\u0000b' } }, body(CreateLeadInputV1)],
    ['contact.email', 'a lone surrogate in an email', { ...LEAD, contact: { name: 'A', email: 'a\ud800@b.example' } }, body(CreateLeadInputV1)],
    ['comment', 'a lone surrogate in text', { comment: 'x\udc00' }, body(UpdateLeadInputV1)],
    ['expectedAmount', 'an infinite number', { ...LEAD, expectedAmount: Infinity, currency: 'EUR' }, body(CreateLeadInputV1)],
    ['constructor', 'a constructor field', { ...LEAD, ...(JSON.parse('{"constructor":1}') as object) }, body(CreateLeadInputV1)],
    ['q', 'a NUL in a query parameter', { q: 'ab\u0000' }, query(ListLeadsQueryV1)],
    ['body', 'JSON null', null, body(UpdateLeadInputV1)],
  ])('should answer 400 naming %s when the request holds %s', async (field, _case, value, metadata) => {
    const error = await refusal(value, metadata);
    expect(error.status).toBe(400);
    expect(error.errors?.map((e) => e.field)).toEqual([field]);
  });

  it('should name the list when a deal team holds a list instead of a member', async () => {
    const deal = { title: 'T', customerId: CUSTOMER, amount: 1, currency: 'EUR', type: 'project', channel: 'direct', team: [[]] };
    const error = await refusal(deal, body(CreateDealInputV1));
    expect(error.errors).toContainEqual({ field: 'team', message: 'each value in team must be an object' });
  });

  it.each([
    ['a clean body', LEAD, body(CreateLeadInputV1)],
    ['no body at all on a route whose fields are optional', undefined, body(UpdateLeadInputV1)],
    ['a clean query', { q: 'north', limit: '20' }, query(ListLeadsQueryV1)],
  ])('should let the request through when it is %s', async (_case, value, metadata) => {
    await expect(createValidationPipe().transform(value, metadata)).resolves.toBeDefined();
  });

  it('should answer a clean body with the instance Nest’s pipe builds, without running class-validator, when the compiled validator accepts it', async () => {
    const lead = { ...LEAD, company: { name: 'Northwind', taxId: '7707083893' }, expectedAmount: 125000.5, currency: 'EUR' };
    await expectNestsInstance(() => lead, body(CreateLeadInputV1));
  });

  it.each([
    ['a filter, a page and a boolean', { status: 'new', limit: '20', isRepeat: 'true', q: 'north' }],
    ['an order and a date range', { source: 'exhibition', order: 'oldest', createdFrom: '2026-01-01T00:00:00Z' }],
    ['nothing', {}],
  ])('should answer a clean query as Fastify parses it (%s) with the instance Nest’s pipe builds, without running class-validator', async (_case, params) => {
    // fast-querystring's objects inherit from a prototype-less object.
    await expectNestsInstance(() => Object.assign(Object.create(Object.create(null) as object) as object, params), query(ListLeadsQueryV1));
  });

  it('should leave an invalid body to Nest’s pipe, which names the field, when the compiled validator refuses it', async () => {
    const nest = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const error = await refusal({ ...LEAD, source: 'carrier pigeon' }, body(CreateLeadInputV1));
      expect(nest).toHaveBeenCalledTimes(1);
      expect(error.errors?.map((e) => e.field)).toEqual(['source']);
    } finally {
      nest.mockRestore();
    }
  });

  it('should leave a body without a class to its route when the route reads it raw', async () => {
    const rows = [{ contact: { name: '\u0000' }, expectedAmount: Infinity }];
    await expect(createValidationPipe().transform(rows, body(Object))).resolves.toBe(rows);
  });
});

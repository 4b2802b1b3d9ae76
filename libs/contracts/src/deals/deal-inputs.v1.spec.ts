import { validatePlain } from '../common/validation';
import { CreateCustomerInputV1 } from './create-customer.v1';
import { CreateDealInputV1 } from './create-deal.v1';
import { CreatePipelineInputV1 } from './create-pipeline.v1';
import { ListDealsQueryV1 } from './list-deals.v1';
import { RecordPaymentInputV1 } from './record-payment.v1';
import { UpdateDealInputV1 } from './update-deal.v1';

const CUSTOMER = '01936f10-0000-7000-8000-0000000c0001';
const PARTNER = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';

function fieldsOf(result: ReturnType<typeof validatePlain>): string[] {
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('CreateDealInputV1', () => {
  const valid = { title: 'Scanners', customerId: CUSTOMER, amount: 1000, currency: 'EUR', type: 'consultative', channel: 'direct' };

  it('should accept a minimal direct deal when the required fields are present', () => {
    expect(validatePlain(CreateDealInputV1, valid)).toMatchObject({ ok: true });
  });

  it('should accept an indirect project deal with a team when every member is named', () => {
    const deal = {
      ...valid,
      type: 'project',
      channel: 'indirect',
      partnerId: PARTNER,
      team: [
        { userId: '01936f0e-8a4b-7c3d-9e2f-0000000000ab', role: 'engineer' },
        { partnerId: PARTNER, role: 'installer' },
        { externalCompany: 'Bolt Logistics', role: 'carrier' },
      ],
    };
    expect(validatePlain(CreateDealInputV1, deal)).toMatchObject({ ok: true });
  });

  it.each([
    ['title', { title: '' }],
    ['customerId', { customerId: 'c-1' }],
    ['amount', { amount: -1 }],
    ['amount', { amount: 10.123 }],
    ['amount', { amount: '100' }],
    ['currency', { currency: 'euro' }],
    ['type', { type: 'barter' }],
    ['channel', { channel: 'sideways' }],
    ['partnerId', { channel: 'indirect' }],
    ['expectedCloseDate', { expectedCloseDate: 'next week' }],
    ['direction', { direction: 'up' }],
    ['source', { source: 'billboard' }],
    ['team.0.userId', { team: [{ role: 'engineer' }] }],
    ['team.0.role', { team: [{ userId: CUSTOMER }] }],
    ['unexpected', { unexpected: 1 }],
  ])('should name %s when it is invalid', (field, patch) => {
    expect(fieldsOf(validatePlain(CreateDealInputV1, { ...valid, ...patch }))).toContain(field);
  });
});

describe('ListDealsQueryV1', () => {
  it('should accept the head of sales\' filters as a query string sends them', () => {
    const query = { stage: 'proposal', direction: 'outbound', channel: 'direct', expectedCloseFrom: '2026-03-01', expectedCloseTo: '2026-04-01', limit: '50' };
    expect(validatePlain(ListDealsQueryV1, query)).toMatchObject({ ok: true });
  });

  it.each([
    ['stage', { stage: '' }],
    ['stage', { stage: 'x'.repeat(41) }],
    ['direction', { direction: 'sideways' }],
    ['expectedCloseFrom', { expectedCloseFrom: '2026-02-30' }],
    ['expectedCloseFrom', { expectedCloseFrom: '2026-03' }],
    ['expectedCloseTo', { expectedCloseTo: '2026-04-01T00:00:00Z' }],
    ['expectedCloseTo', { expectedCloseTo: 'next month' }],
  ])('should name %s when it is invalid', (field, patch) => {
    expect(fieldsOf(validatePlain(ListDealsQueryV1, patch))).toContain(field);
  });
});

describe('UpdateDealInputV1', () => {
  it.each([
    ['amount', { amount: -5 }],
    ['currency', { currency: 'EURO' }],
    ['stage', { stage: 'won' }],
  ])('should name %s when it is not an updatable value', (field, patch) => {
    expect(fieldsOf(validatePlain(UpdateDealInputV1, patch))).toContain(field);
  });
});

describe('RecordPaymentInputV1', () => {
  const valid = { amount: 100, currency: 'EUR', paidAt: '2026-04-01T10:00:00Z' };

  it.each([
    ['amount', { amount: 0 }],
    ['amount', { amount: 1.005 }],
    ['currency', { currency: 'xx' }],
    ['paidAt', { paidAt: 'yesterday' }],
    ['reference', { reference: 42 }],
  ])('should name %s when it is invalid', (field, patch) => {
    expect(fieldsOf(validatePlain(RecordPaymentInputV1, { ...valid, ...patch }))).toContain(field);
  });
});

describe('CreatePipelineInputV1', () => {
  const stages = [
    { code: 'new', name: 'New', semantics: 'open', probability: 10 },
    { code: 'won', name: 'Won', semantics: 'won', probability: 100 },
    { code: 'lost', name: 'Lost', semantics: 'lost', probability: 0 },
  ];

  it.each([
    ['kind', { kind: 'barter' }],
    ['stages', { stages: stages.slice(0, 2) }],
    ['stages.0.code', { stages: [{ ...stages[0], code: 'New Stage' }, ...stages.slice(1)] }],
    ['stages.0.semantics', { stages: [{ ...stages[0], semantics: 'maybe' }, ...stages.slice(1)] }],
    ['stages.0.probability', { stages: [{ ...stages[0], probability: 101 }, ...stages.slice(1)] }],
    ['requiresPayment', { requiresPayment: 'no' }],
  ])('should name %s when it is invalid', (field, patch) => {
    expect(fieldsOf(validatePlain(CreatePipelineInputV1, { name: 'Retail', kind: 'new_business', stages, ...patch }))).toContain(field);
  });
});

describe('CreateCustomerInputV1', () => {
  it.each([
    ['kind', { kind: 'robot' }],
    ['name', { name: '' }],
    ['taxId', { taxId: '!!' }],
    ['email', { email: 'nope' }],
    ['phone', { phone: 'call me' }],
    ['ownerId', { ownerId: 'me' }],
    ['contacts.0.name', { contacts: [{ email: 'a@b.example' }] }],
    ['contacts.0.email', { contacts: [{ name: 'Olga', email: 'olga' }] }],
  ])('should name %s when it is invalid', (field, patch) => {
    expect(fieldsOf(validatePlain(CreateCustomerInputV1, { kind: 'company', name: 'Northwind', ...patch }))).toContain(field);
  });
});

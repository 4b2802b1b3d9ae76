import { validatePlain } from '../common/validation';
import { CreateLeadInputV1 } from './create-lead.v1';

const valid = {
  contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 (495) 123-45-67' },
  company: { name: 'Northwind', taxId: '7707083893' },
  source: 'exhibition',
  direction: 'inbound',
  segment: 'b2b',
  expectedAmount: 1500.5,
  currency: 'EUR',
};

describe('CreateLeadInputV1', () => {
  it('should accept a complete lead', () => {
    expect(validatePlain(CreateLeadInputV1, valid)).toMatchObject({ ok: true });
  });

  it('should accept the minimal lead (contact name, source, direction)', () => {
    const minimal = { contact: { name: 'A' }, source: 'cold_call', direction: 'outbound' };
    expect(validatePlain(CreateLeadInputV1, minimal)).toMatchObject({ ok: true });
  });

  it.each([
    ['contact.name', { contact: { name: '' } }],
    ['contact.name', { contact: { name: 42 } }],
    ['contact', { contact: 'Irina' }],
    ['contact.email', { contact: { name: 'A', email: 'not-an-email' } }],
    ['contact.phone', { contact: { name: 'A', phone: 'call me' } }],
    ['company.name', { company: { taxId: '7707083893' } }],
    ['company.taxId', { company: { name: 'N', taxId: '!!' } }],
    ['source', { source: 'billboard' }],
    ['direction', { direction: 'sideways' }],
    ['segment', { segment: 'b2g' }],
    ['marketingEventId', { marketingEventId: 'event-1' }],
    ['expectedAmount', { expectedAmount: '1500' }],
    ['expectedAmount', { expectedAmount: 10.123 }],
    ['expectedAmount', { expectedAmount: -1 }],
    ['currency', { currency: 'euro' }],
    ['currency', { expectedAmount: 10, currency: undefined }],
    ['assigneeId', { assigneeId: 12 }],
    ['unexpected', { unexpected: true }],
  ])('should name %s when it is invalid', (field, patch) => {
    const result = validatePlain(CreateLeadInputV1, { ...valid, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toContain(field);
  });

  it.each([
    ['contact', 'missing', { contact: undefined }],
    ['contact', 'null', { contact: null }],
    ['contact', 'an array', { contact: [{ name: 'A' }] }],
    ['company', 'an array', { company: [] }],
  ])('should name %s when it is %s', (field, _case, patch) => {
    const result = validatePlain(CreateLeadInputV1, { ...valid, ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field, message: `${field} must be an object` });
  });

  it('should reject a body that is not an object', () => {
    expect(validatePlain(CreateLeadInputV1, ['a'])).toMatchObject({ ok: false });
  });
});

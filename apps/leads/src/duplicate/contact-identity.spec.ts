import { phoneKey } from '@saleswire/database';
import { contactKeys, customerOf, duplicateOf, hasAnyKey, normalizeEmail, normalizePhone, normalizeTaxId, type CustomerMatch } from './contact-identity';

describe('contact identity', () => {
  it.each([
    ['+7 (495) 123-45-67', '74951234567'],
    ['+7 495 123-45-67', '74951234567'],
    ['8 (495) 123-45-67', '74951234567'],
    ['007 495 123 45 67', '74951234567'],
    ['  +44 20 7946 0958', '442079460958'],
    ['495.123.45.67', '4951234567'],
    ['12-34', null],
    ['', null],
    [null, null],
  ])('should normalise the phone %p to %p', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it('should read a leading 8 before ten digits as the Russian country code when normalising a phone', () => {
    expect(normalizePhone('8 495 123-45-67')).toBe(normalizePhone('+7 495 123-45-67'));
  });

  it('should key a phone exactly as the deals service keys its customers', () => {
    for (const spelling of ['8 916 123-45-67', '+7 (916) 123 45 67', '0049 30 1234567', '916 123-45-67']) {
      expect(contactKeys({ phone: spelling }).phone).toBe(phoneKey(spelling));
    }
  });

  it.each([
    ['7707 083-893', '7707083893'],
    ['de 123 456 789', 'DE123456789'],
    [' - ', null],
    [undefined, null],
  ])('should normalise the tax id %p to %p', (raw, expected) => {
    expect(normalizeTaxId(raw)).toBe(expected);
  });

  it.each([
    [' Irina@Northwind.Example ', 'irina@northwind.example'],
    ['   ', null],
    [null, null],
  ])('should normalise the email %p to %p', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it('should tell a contact with no key from one with a key when building keys', () => {
    expect(hasAnyKey(contactKeys({}))).toBe(false);
    expect(hasAnyKey(contactKeys({ taxId: '7707083893' }))).toBe(true);
  });
});

describe('matching a new lead', () => {
  const keys = { email: 'irina@northwind.example', phone: '74951234567', taxId: '7707083893' };

  it('should duplicate the original of the oldest open lead found under any of its keys', () => {
    const hits = new Map([
      ['taxId:7707083893', { id: '01936f0e-0000-7000-8000-000000000003', original: 'by-tax-id' }],
      ['phone:74951234567', { id: '01936f0e-0000-7000-8000-000000000001', original: 'by-phone' }],
      ['email:irina@northwind.example', { id: '01936f0e-0000-7000-8000-000000000002', original: 'by-email' }],
    ]);
    expect(duplicateOf(keys, hits)).toBe('by-phone');
  });

  it('should duplicate nothing when no key has an open lead, and ignore hits under keys the lead lacks', () => {
    const hits = new Map([['email:other@northwind.example', { id: '01936f0e-0000-7000-8000-000000000001', original: 'other' }]]);
    expect(duplicateOf(keys, hits)).toBeNull();
    expect(duplicateOf({ email: null, phone: null, taxId: null }, hits)).toBeNull();
  });

  it('should take the customer matched by tax id first, then by email, then by phone', () => {
    const byEmail: CustomerMatch = { customerId: 'by-email', ownerId: null };
    const byPhone: CustomerMatch = { customerId: 'by-phone', ownerId: 'owner' };
    const byTaxId: CustomerMatch = { customerId: 'by-tax-id', ownerId: 'owner' };
    const customers = new Map<string, CustomerMatch>([
      ['phone:74951234567', byPhone],
      ['email:irina@northwind.example', byEmail],
    ]);
    expect(customerOf(keys, customers)).toBe(byEmail);
    expect(customerOf(keys, new Map([...customers, ['taxId:7707083893', byTaxId]]))).toBe(byTaxId);
    expect(customerOf({ ...keys, email: null }, customers)).toBe(byPhone);
    expect(customerOf(keys, new Map())).toBeNull();
  });
});

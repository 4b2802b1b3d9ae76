import { contactKeys, hasAnyKey, normalizeEmail, normalizePhone, normalizeTaxId } from './contact-identity';

describe('contact identity', () => {
  it.each([
    ['+7 (495) 123-45-67', '+74951234567'],
    ['+7 495 123-45-67', '+74951234567'],
    ['  +44 20 7946 0958', '+442079460958'],
    ['8 (495) 123-45-67', '84951234567'],
    ['495.123.45.67', '4951234567'],
    ['12-34', null],
    ['', null],
    [null, null],
  ])('should normalise the phone %p to %p', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it('should not treat a leading 8 as the Russian country code when normalising a phone', () => {
    expect(normalizePhone('8 495 123-45-67')).not.toBe(normalizePhone('+7 495 123-45-67'));
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

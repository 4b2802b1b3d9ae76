import { emailKey, taxIdKey } from './contact-keys';

describe('contact keys: one rule for emails and tax ids in every service', () => {
  it.each<[string | null | undefined, string | null]>([
    ['Olga.Kozlova@Northwind.example', 'olga.kozlova@northwind.example'],
    ['  anna@x.example ', 'anna@x.example'],
    ['not an email', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('emailKey(%p) is %p', (email, key) => {
    expect(emailKey(email)).toBe(key);
  });

  it.each<[string | null | undefined, string | null]>([
    ['7701 234 567', '7701234567'],
    ['77.01/2345', '77012345'],
    ['7701-2345', '77012345'],
    ['de 123456789', 'DE123456789'],
    ['12-3', null],
    ['', null],
    [null, null],
  ])('taxIdKey(%p) is %p', (taxId, key) => {
    expect(taxIdKey(taxId)).toBe(key);
  });

  it('should give one key to one tax id however it is written', () => {
    expect(new Set(['77.01/2345', '7701 2345', '7701-2345', '77012345'].map(taxIdKey)).size).toBe(1);
  });
});

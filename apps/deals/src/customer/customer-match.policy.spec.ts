import { identityKeys, matchCustomer, normaliseEmail, normalisePhone, normaliseTaxId, type IdentityKeys } from './customer-match.policy';

describe('customer matching policy', () => {
  it.each([
    ['7707083893', '7707083893'],
    [' 77-07 083.893 ', '7707083893'],
    ['de 123/456 789', 'DE123456789'],
    ['12', null],
    ['', null],
    [null, null],
  ])('should normalise tax id %p to %p', (input, expected) => {
    expect(normaliseTaxId(input)).toBe(expected);
  });

  it.each([
    [' Purchasing@Northwind.Example ', 'purchasing@northwind.example'],
    ['no-at-sign', null],
    [undefined, null],
  ])('should normalise email %p to %p', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([
    ['+7 (495) 123-45-67', '74951234567'],
    ['007 495 1234567', '74951234567'],
    ['7.495.123.45.67', '74951234567'],
    ['8 (495) 123-45-67', '74951234567'],
    ['0049 30 1234567', '49301234567'],
    ['12-3', null],
    [null, null],
  ])('should normalise phone %p to %p', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  const northwind = { id: 'nw', ...identityKeys({ taxId: '7707083893', email: 'buy@northwind.example', phone: '+7 495 111-11-11' }) };
  const contoso = { id: 'co', ...identityKeys({ taxId: '7812014560', email: 'it@contoso.example', phone: '+7 812 222-22-22' }) };
  const personWithNorthwindPhone = { id: 'pp', ...identityKeys({ email: 'ivan@mail.example', phone: '+7 495 111 11 11' }) };
  const candidates = [northwind, contoso, personWithNorthwindPhone];

  it.each<[string, IdentityKeys, string | null]>([
    ['the tax id matches in another spelling', identityKeys({ taxId: '7707-083-893' }), 'nw'],
    ['the email matches in another case', identityKeys({ email: 'IT@Contoso.Example' }), 'co'],
    ['only the phone matches', identityKeys({ phone: '+7 (812) 222-22-22' }), 'co'],
    ['the tax id says one customer and the email another', identityKeys({ taxId: '7812014560', email: 'buy@northwind.example' }), 'co'],
    ['the email says one customer and the phone another', identityKeys({ email: 'ivan@mail.example', phone: '+7 812 222 22 22' }), 'pp'],
    ['two customers share the phone (the oldest wins)', identityKeys({ phone: '74951111111' }), 'nw'],
    ['nothing matches', identityKeys({ taxId: '0000000000', email: 'x@y.example', phone: '+1 555 0100' }), null],
    ['the identity has no keys', identityKeys({}), null],
  ])('should pick the right customer when %s', (_case, keys, expected) => {
    expect(matchCustomer(keys, candidates)?.id ?? null).toBe(expected);
  });
});

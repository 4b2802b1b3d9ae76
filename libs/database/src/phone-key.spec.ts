import { phoneKey, phoneSearchOf } from './phone-key';

describe('phone key (one rule for duplicates, repeat customers and search)', () => {
  // One Moscow mobile number, as people write it: every spelling is one key.
  it.each([
    '+7 916 123-45-67',
    '+7 (916) 123-45-67',
    '+79161234567',
    ' +7 916 123 45 67',
    '+7.916.123.45.67',
    '8 916 123-45-67',
    '8 (916) 123-45-67',
    '89161234567',
    '8-916-123-45-67',
    '7 916 123 45 67',
    '79161234567',
    '007 916 123 45 67',
    '00 7 (916) 1234567',
  ])('should key %p as 79161234567', (spelling) => {
    expect(phoneKey(spelling)).toBe('79161234567');
  });

  it.each<[string | null | undefined, string | null]>([
    // The trunk 8 before the other Russian and Kazakh area codes.
    ['8 800 555-35-35', '78005553535'],
    ['8 (495) 123-45-67', '74951234567'],
    ['8 3452 12-34-56', '73452123456'],
    ['8 727 123 4567', '77271234567'],
    // Other countries: `+` or `00` says which; their digits are kept as they are.
    ['+49 30 1234567', '49301234567'],
    ['0049 30 1234567', '49301234567'],
    ['+44 20 7946 0958', '442079460958'],
    ['+84 912 345 678', '84912345678'],
    ['+8 916 123 45 67', '89161234567'],
    // Japan's and Korea's codes written without `+`: no Russian area code starts with 1 or 2.
    ['81 3 1234 5678', '81312345678'],
    ['82 2 1234 5678', '82212345678'],
    // A number with no country is not given one; a trunk 8 with too few or too many digits is no trunk.
    ['916 123-45-67', '9161234567'],
    ['030 1234567', '0301234567'],
    ['8 916 123 45', '891612345'],
    ['8 916 123 45 678', '891612345678'],
    ['123-45', '12345'],
    ['12-34', null],
    ['+', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('should key %p as %p', (spelling, key) => {
    expect(phoneKey(spelling)).toBe(key);
  });

  it.each([
    ['+7 916 123-45-67', '79161234567', '9161234567'],
    ['8 916 123-45-67', '79161234567', '9161234567'],
    ['79161234567', '79161234567', '9161234567'],
    ['8 916 123', '8916123', '916123'],
    ['(916) 123-45', '91612345', '91612345'],
    ['0049 30 123', '4930123', '4930123'],
    ['+49 30 1234567', '49301234567', '49301234567'],
    ['495', null, '495'],
    ['+7 916', null, '7916'],
  ])('should search %p by the key %p and the piece %p', (q, key, piece) => {
    expect(phoneSearchOf(q)).toEqual({ key, piece });
  });

  it.each(['Olga', 'Kozlova 12', 'olga@mail.example', '12', '+7', 'ООО 123'])('should not read %p as a phone', (q) => {
    expect(phoneSearchOf(q)).toBeNull();
  });
});

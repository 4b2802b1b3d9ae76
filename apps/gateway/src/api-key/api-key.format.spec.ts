import { API_KEY_PREFIX, generateApiKey, hashApiKey, isWellFormedApiKey, shownPartOf } from './api-key.format';

describe('API key format', () => {
  it('should make prefixed keys of 256 random bits that never repeat', () => {
    const keys = Array.from({ length: 1000 }, generateApiKey);
    expect(new Set(keys).size).toBe(1000);
    for (const key of keys.slice(0, 20)) {
      expect(key).toMatch(/^sw_live_[A-Za-z0-9_-]{48}$/);
      expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(36);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it.each([
    ['a key with one character changed', (key: string) => key.slice(0, 20) + (key[20] === 'A' ? 'B' : 'A') + key.slice(21)],
    ['a key cut short', (key: string) => key.slice(0, -1)],
    ['a key one character longer', (key: string) => `${key}A`],
    ['another prefix', (key: string) => key.replace('sw_live_', 'sw_test_')],
    ['a key with padding', (key: string) => `${key.slice(0, -1)}=`],
    ['a bearer token', () => 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
    ['nothing', () => ''],
  ])('should refuse %s without a look-up', (_case, change) => {
    expect(isWellFormedApiKey(change(generateApiKey()))).toBe(false);
  });

  it('should store the SHA-256 of the key and show only its start', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toHaveLength(32);
    expect(hashApiKey(key).equals(hashApiKey(key))).toBe(true);
    expect(hashApiKey(key).equals(hashApiKey(generateApiKey()))).toBe(false);
    expect(shownPartOf(key)).toBe(key.slice(0, 14));
    expect(shownPartOf(key).length).toBeLessThan(key.length / 3);
  });
});

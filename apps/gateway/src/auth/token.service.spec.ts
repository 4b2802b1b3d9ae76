import jwt from 'jsonwebtoken';
import { TOKEN_ISSUER, type AuthConfig } from '../config';
import { REMEMBERED_TOKENS, TokenService } from './token.service';

const MANAGER = { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager' as const, partnerId: null };
const config = (jwtSecret: string, jwtTtlSeconds = 60): AuthConfig => ({ jwtSecret, jwtTtlSeconds }) as AuthConfig;

describe('TokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('should answer the principal of its own token, and again without checking the signature while the token is unexpired', () => {
    const tokens = new TokenService(config('secret-a'));
    const { accessToken } = tokens.issue(MANAGER);
    const check = jest.spyOn(jwt, 'verify');
    try {
      expect(tokens.verify(accessToken)).toEqual(MANAGER);
      expect(tokens.verify(accessToken)).toEqual(MANAGER);
      expect(tokens.remembered(accessToken)).toEqual(MANAGER);
      expect(check).toHaveBeenCalledTimes(1);
    } finally {
      check.mockRestore();
    }
  });

  it('should refuse a remembered token from the second its exp names, as jsonwebtoken does', () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T10:00:00.000Z') });
    const tokens = new TokenService(config('secret-a', 60));
    const { accessToken } = tokens.issue(MANAGER);
    expect(tokens.verify(accessToken)).toEqual(MANAGER);
    jest.setSystemTime(new Date('2026-12-02T10:00:59.999Z'));
    expect(tokens.verify(accessToken)).toEqual(MANAGER);
    jest.setSystemTime(new Date('2026-12-02T10:01:00.000Z'));
    expect(tokens.remembered(accessToken)).toBeNull();
    expect(tokens.verify(accessToken)).toBeNull();
    expect(tokens.remembered(accessToken)).toBeUndefined();
  });

  it.each([
    ['signed with another secret', () => new TokenService(config('secret-b')).issue(MANAGER).accessToken],
    ['with a signature of its own making', (own: string) => `${own.slice(0, own.lastIndexOf('.') + 1)}${'x'.repeat(43)}`],
    ['for another audience', () => jwt.sign({ role: 'manager', partnerId: null }, 'secret-a', { subject: MANAGER.id, issuer: TOKEN_ISSUER, audience: 'x', expiresIn: 60 })],
    ['of an unknown role', () => jwt.sign({ role: 'owner', partnerId: null }, 'secret-a', { subject: MANAGER.id, issuer: TOKEN_ISSUER, audience: 'saleswire-api', expiresIn: 60 })],
  ])('should refuse a token %s and remember nothing of it', (_case, make: (own: string) => string) => {
    const tokens = new TokenService(config('secret-a'));
    const token = make(tokens.issue(MANAGER).accessToken);
    expect(tokens.verify(token)).toBeNull();
    expect(tokens.remembered(token)).toBeUndefined();
  });

  it('should forget the oldest token when it remembers as many as it may, and verify it again when it comes back', () => {
    const tokens = new TokenService(config('secret-a'));
    const first = tokens.issue(MANAGER).accessToken;
    expect(tokens.verify(first)).toEqual(MANAGER);
    for (let i = 0; i < REMEMBERED_TOKENS; i++) {
      expect(tokens.verify(tokens.issue({ ...MANAGER, id: `01936f0e-8a4b-7c3d-9e2f-${String(i).padStart(12, '0')}` }).accessToken)).not.toBeNull();
    }
    expect(tokens.remembered(first)).toBeUndefined();
    expect(tokens.verify(first)).toEqual(MANAGER);
  });
});

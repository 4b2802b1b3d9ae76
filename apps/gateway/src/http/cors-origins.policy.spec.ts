import { answerAllows, gatewayAllows, gatewayOrigins, preflightAllows, type GatewayOrigins } from './cors-origins.policy';

const PORTAL = 'https://portal.dealer.example';
const KEY_SITE = 'https://erp.customer.example';
const PARTNER_SITE = 'https://shop.partner.example';
const OTHER = 'https://evil.example';

const gateway: GatewayOrigins = { any: false, listed: new Set([PORTAL]) };
const anyOrigin: GatewayOrigins = { any: true, listed: new Set() };
const none: GatewayOrigins = { any: false, listed: new Set() };
const listedByRecords = (origin: string): boolean => origin === KEY_SITE || origin === PARTNER_SITE;

describe('CORS origins policy', () => {
  it.each([
    ['the gateway lists it', PORTAL, gateway, true],
    ['a key lists it', KEY_SITE, gateway, true],
    ['a partner lists it', PARTNER_SITE, none, true],
    ['nobody lists it', OTHER, gateway, false],
    ['CORS_ORIGINS is *', OTHER, anyOrigin, true],
    ['there is no Origin', undefined, anyOrigin, false],
    ['the Origin is empty', '', gateway, false],
  ] as const)('should answer a preflight when %s: %s -> %p', (_case, origin, origins, expected) => {
    expect(preflightAllows(origin, origins, listedByRecords)).toBe(expected);
  });

  it.each([
    ['an origin of the gateway, whoever calls', PORTAL, gateway, [], true],
    ['the caller’s key’s origin', KEY_SITE, gateway, [KEY_SITE], true],
    ['the caller’s partner’s origin', PARTNER_SITE, none, [PARTNER_SITE], true],
    ['an origin another key lists, not the caller’s', KEY_SITE, gateway, [PARTNER_SITE], false],
    ['an origin nobody lists', OTHER, gateway, [KEY_SITE], false],
    ['any origin when CORS_ORIGINS is *', OTHER, anyOrigin, [], true],
    ['no Origin at all (a server calling)', undefined, gateway, [KEY_SITE], false],
  ] as const)('should let the answer be read for %s: %s -> %p', (_case, origin, origins, caller, expected) => {
    expect(answerAllows(origin, origins, caller)).toBe(expected);
  });

  it('should read CORS_ORIGINS with * as any origin', () => {
    expect(gatewayOrigins(['*'])).toEqual({ any: true, listed: new Set() });
    expect(gatewayOrigins([PORTAL, 'http://localhost:5173'])).toEqual({ any: false, listed: new Set([PORTAL, 'http://localhost:5173']) });
  });

  it('should not let the gateway’s own decision (no credential known yet) include what keys list', () => {
    expect(gatewayAllows(KEY_SITE, gateway)).toBe(false);
    expect(gatewayAllows(PORTAL, gateway)).toBe(true);
  });
});

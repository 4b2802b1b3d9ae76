import type { NatsConnection } from '@nats-io/transport-node';
import type { PartnerOriginsV1 } from '@saleswire/contracts';
import type { MessagingConfig, RpcClient } from '@saleswire/messaging';
import type { AuthenticatedPrincipal } from '../auth/principal';
import { PartnerOriginsCache } from './partner-origins.cache';

const P1 = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const P2 = '01936f0e-8a4b-7c3d-9e2f-00000000bb02';
const PORTAL = 'https://portal.one.example';
const STAGING = 'http://localhost:5174';

const event = (id: string, version: number, allowedOrigins?: unknown): string =>
  JSON.stringify({ aggregateId: id, aggregateVersion: version, payload: { status: 'active', ...(allowedOrigins === undefined ? {} : { allowedOrigins }) } });
const partnerUser = (partnerId: string | null): AuthenticatedPrincipal => ({ id: 'u', role: 'partner_user', partnerId, via: 'gateway_token' });

describe('PartnerOriginsCache', () => {
  let snapshot: () => Promise<PartnerOriginsV1>;
  const subscribed: string[] = [];
  const nc = { subscribe: jest.fn((subject: string) => (subscribed.push(subject), { unsubscribe: jest.fn() })) } as unknown as NatsConnection;
  const rpc = { send: jest.fn(() => snapshot()) } as unknown as RpcClient;
  let cache: PartnerOriginsCache;

  beforeEach(() => {
    subscribed.length = 0;
    snapshot = async () => ({ partners: [], asOf: new Date().toISOString() });
    cache = new PartnerOriginsCache(nc, { namespace: 't1' } as MessagingConfig, rpc, 60_000);
  });

  afterEach(async () => {
    await cache.onApplicationShutdown();
  });

  it('should listen to partner.created and partner.updated in its namespace', () => {
    cache.onApplicationBootstrap();
    expect(subscribed).toEqual(['t1.evt.partners.partner.created.v1', 't1.evt.partners.partner.updated.v1']);
  });

  it('should give a partner’s callers the origins it heard, and list them for preflights', () => {
    cache.heard(event(P1, 1, [PORTAL]));
    expect(cache.originsOf(partnerUser(P1))).toEqual([PORTAL]);
    expect(cache.originsOf(partnerUser(P2))).toEqual([]);
    expect(cache.originsOf(partnerUser(null))).toEqual([]);
    expect([cache.lists(PORTAL), cache.lists(STAGING)]).toEqual([true, false]);
    cache.heard(event(P1, 2, [STAGING]));
    expect(cache.originsOf(partnerUser(P1))).toEqual([STAGING]);
    expect([cache.lists(PORTAL), cache.lists(STAGING)]).toEqual([false, true]);
  });

  it.each([
    ['an older event after a newer one', [event(P1, 3, [PORTAL]), event(P1, 2, [STAGING])], [PORTAL]],
    ['an event from before the field existed, as none', [event(P1, 1, [PORTAL]), event(P1, 2)], []],
    ['an event with an origin that is no canonical origin, as nothing heard', [event(P1, 1, [PORTAL]), event(P1, 2, ['https://*.evil.example'])], [PORTAL]],
    ['text that is no JSON, as nothing heard', [event(P1, 1, [PORTAL]), 'not json'], [PORTAL]],
  ])('should read %s', (_case, messages, expected) => {
    for (const message of messages) cache.heard(message);
    expect(cache.originsOf(partnerUser(P1))).toEqual(expected);
  });

  it('should learn origins it missed from the snapshot, and their removal from their absence', async () => {
    snapshot = async () => ({ partners: [{ id: P1, version: 2, allowedOrigins: [PORTAL] }], asOf: new Date().toISOString() });
    await cache.refresh();
    expect(cache.originsOf(partnerUser(P1))).toEqual([PORTAL]);
    expect(cache.lists(PORTAL)).toBe(true);
    snapshot = async () => ({ partners: [], asOf: new Date().toISOString() });
    await cache.refresh();
    expect(cache.originsOf(partnerUser(P1))).toEqual([]);
    expect(cache.lists(PORTAL)).toBe(false);
  });

  it('should keep what it knows when the snapshot fails', async () => {
    cache.heard(event(P1, 1, [PORTAL]));
    snapshot = async () => {
      throw new Error('partners away');
    };
    await cache.refresh();
    expect(cache.originsOf(partnerUser(P1))).toEqual([PORTAL]);
  });
});

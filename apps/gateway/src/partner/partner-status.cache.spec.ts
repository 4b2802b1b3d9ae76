import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { SuspendedPartnersV1 } from '@saleswire/contracts';
import type { MessagingConfig, RpcClient } from '@saleswire/messaging';
import { PartnerStatusCache } from './partner-status.cache';

const P1 = '01936f0e-8a4b-7c3d-9e2f-00000000bb01';
const P2 = '01936f0e-8a4b-7c3d-9e2f-00000000bb02';

const event = (id: string, version: number, status: string): string =>
  JSON.stringify({ aggregateId: id, aggregateVersion: version, payload: { status }, type: 'partners.partner.updated' });

describe('PartnerStatusCache', () => {
  let snapshot: () => Promise<SuspendedPartnersV1>;
  const subscribed: string[] = [];
  const nc = { subscribe: jest.fn((subject: string) => (subscribed.push(subject), { unsubscribe: jest.fn() })) } as unknown as NatsConnection;
  const rpc = { send: jest.fn(() => snapshot()) } as unknown as RpcClient;
  let cache: PartnerStatusCache;

  beforeEach(() => {
    subscribed.length = 0;
    snapshot = async () => ({ partners: [], asOf: new Date().toISOString() });
    cache = new PartnerStatusCache(nc, { namespace: 't1' } as MessagingConfig, rpc, 60_000);
  });

  afterEach(async () => {
    await cache.onApplicationShutdown();
  });

  it('should listen to partner.created and partner.updated in its namespace', () => {
    cache.onApplicationBootstrap();
    expect(subscribed).toEqual(['t1.evt.partners.partner.created.v1', 't1.evt.partners.partner.updated.v1']);
  });

  it('should refuse a partner from the suspension it hears until the reactivation it hears', () => {
    cache.heard(event(P1, 2, 'suspended'));
    expect(cache.isSuspended(P1)).toBe(true);
    expect(cache.isSuspended(P2)).toBe(false);
    cache.heard(event(P1, 3, 'active'));
    expect(cache.isSuspended(P1)).toBe(false);
  });

  it('should ignore an older event arriving after a newer one, and anything unreadable', () => {
    cache.heard(event(P1, 3, 'active'));
    cache.heard(event(P1, 2, 'suspended'));
    expect(cache.isSuspended(P1)).toBe(false);
    cache.heard('not json');
    cache.heard(JSON.stringify({ aggregateId: P2, aggregateVersion: 'x', payload: { status: 'suspended' } }));
    expect(cache.isSuspended(P2)).toBe(false);
  });

  it('should learn a suspension it missed from the snapshot, and a reactivation it missed from its absence', async () => {
    snapshot = async () => ({ partners: [{ id: P1, version: 2 }], asOf: new Date().toISOString() });
    await cache.refresh();
    expect(cache.isSuspended(P1)).toBe(true);
    snapshot = async () => ({ partners: [], asOf: new Date().toISOString() });
    await cache.refresh();
    expect(cache.isSuspended(P1)).toBe(false);
  });

  it('should keep a suspension heard while the snapshot was on its way, which the snapshot may predate', async () => {
    snapshot = async () => {
      cache.heard(event(P2, 2, 'suspended')); // heard after the question was asked
      return { partners: [], asOf: new Date().toISOString() };
    };
    await cache.refresh();
    expect(cache.isSuspended(P2)).toBe(true);
  });

  it('should keep what it knows when the partners service does not answer', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    cache.heard(event(P1, 2, 'suspended'));
    snapshot = async () => {
      throw new Error('The partners service did not answer within 5000 ms.');
    };
    await cache.refresh();
    expect(cache.isSuspended(P1)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

import { backoffMs, forEachConcurrent, Semaphore } from './concurrency';
import { messagingConfigFromEnv, Namespace } from './messaging.config';
import { InFlight } from './rpc/in-flight';

describe('Namespace', () => {
  it('should prefix subjects and streams when a namespace is set', () => {
    const ns = new Namespace('t1');
    expect(ns.subject('evt.leads.lead.created.v1')).toBe('t1.evt.leads.lead.created.v1');
    expect(ns.stream('LEADS_EVENTS')).toBe('t1_LEADS_EVENTS');
    expect(ns.strip('t1.evt.leads.lead.created.v1')).toBe('evt.leads.lead.created.v1');
  });

  it('should leave names alone when no namespace is set', () => {
    const ns = new Namespace('');
    expect(ns.subject('rpc.leads.create-lead.v1')).toBe('rpc.leads.create-lead.v1');
    expect(ns.stream('LEADS_EVENTS')).toBe('LEADS_EVENTS');
  });

  it('should not claim a subject of another namespace', () => {
    expect(new Namespace('t1').strip('t2.evt.leads.lead.created.v1')).toBeNull();
  });
});

describe('messagingConfigFromEnv', () => {
  it('should reject a namespace that is not a subject token', () => {
    expect(() => messagingConfigFromEnv({ MESSAGING_NAMESPACE: 'a.b' }, 'leads')).toThrow(/MESSAGING_NAMESPACE/);
  });

  it('should fall back to defaults when numbers are not positive integers', () => {
    const config = messagingConfigFromEnv({ EVENT_MAX_DELIVER: '-3', RPC_TIMEOUT_MS: 'soon' }, 'leads');
    expect(config.maxDeliver).toBe(5);
    expect(config.rpcTimeoutMs).toBe(5000);
  });
});

describe('forEachConcurrent', () => {
  it('should never run more than the limit at once and should visit every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrent([...Array(50).keys()], 4, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(item);
      inFlight--;
    });
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });
});

describe('Semaphore', () => {
  it('should make the next holder wait until a slot is released', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    let second = false;
    const waiting = semaphore.acquire().then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    semaphore.release();
    await waiting;
    expect(second).toBe(true);
    semaphore.release();
    await expect(semaphore.idle()).resolves.toBeUndefined();
  });
});

describe('backoffMs', () => {
  it.each([
    [1, 100, 5000, 50, 100],
    [3, 100, 5000, 200, 400],
    [20, 100, 5000, 2500, 5000],
  ])('should stay within half and all of the ceiling for attempt %i', (attempt, base, cap, low, high) => {
    for (let i = 0; i < 20; i++) {
      const delay = backoffMs(attempt, base, cap);
      expect(delay).toBeGreaterThanOrEqual(low);
      expect(delay).toBeLessThanOrEqual(high);
    }
  });
});

describe('InFlight', () => {
  it('should resolve drained() when the last piece of work leaves', async () => {
    const work = new InFlight();
    work.enter();
    work.enter();
    let drained = false;
    const waiting = work.drained(5000).then(() => (drained = true));
    work.leave();
    await Promise.resolve();
    expect(drained).toBe(false);
    work.leave();
    await waiting;
    expect(drained).toBe(true);
  });

  it('should stop waiting after the timeout', async () => {
    const work = new InFlight();
    work.enter();
    const started = Date.now();
    await work.drained(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(work.size).toBe(1);
  });
});

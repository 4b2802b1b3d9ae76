import { backoffMs, forEachConcurrent, Semaphore, takeWithinBudget } from './concurrency';
import { BatchQueue } from './inbox/batch-queue';
import { messagingConfigFromEnv, Namespace } from './messaging.config';
import { decodeBatch, encodeBatch } from './outbox/outbox-batch.format';
import { leadCreatedV1Fixture, leadAssignedV1Fixture } from '@saleswire/contracts';
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
    const config = messagingConfigFromEnv({ EVENT_MAX_DELIVER: '-3', RPC_TIMEOUT_MS: 'soon', OUTBOX_SETTLE_MS: '0' }, 'leads');
    expect(config.maxDeliver).toBe(5);
    expect(config.rpcTimeoutMs).toBe(5000);
    expect(config.outbox.settleMs).toBe(25);
  });

  it('should take the relay\'s pause from OUTBOX_SETTLE_MS', () => {
    expect(messagingConfigFromEnv({ OUTBOX_SETTLE_MS: '5' }, 'leads').outbox.settleMs).toBe(5);
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

describe('BatchQueue', () => {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('should hand items pushed in the same turn to one call', async () => {
    const groups: number[][] = [];
    const queue = new BatchQueue<number>(100, 2, async (items) => void groups.push(items));
    [1, 2, 3].forEach((item) => queue.push(item));
    await queue.idle();
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('should group what arrives while the in-flight limit is reached, up to the size limit', async () => {
    const groups: number[][] = [];
    const releases: Array<() => void> = [];
    const queue = new BatchQueue<number>(2, 1, async (items) => {
      groups.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
    });
    queue.push(1);
    await turn();
    [2, 3, 4].forEach((item) => queue.push(item));
    await turn();
    expect(groups).toEqual([[1]]);
    releases.shift()!();
    await turn();
    await turn();
    expect(groups).toEqual([[1], [2, 3]]);
    releases.shift()!();
    await turn();
    await turn();
    expect(groups).toEqual([[1], [2, 3], [4]]);
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await turn();
    expect(idle).toBe(false);
    releases.shift()!();
    await waiting;
    expect(idle).toBe(true);
  });

  it('should go on with the next group when a call rejects', async () => {
    const groups: number[][] = [];
    const queue = new BatchQueue<number>(1, 1, async (items) => {
      groups.push(items);
      if (items[0] === 1) throw new Error('boom');
    });
    [1, 2].forEach((item) => queue.push(item));
    await queue.idle();
    expect(groups).toEqual([[1], [2]]);
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

describe('takeWithinBudget', () => {
  const size = (n: number): number => n;

  it('should take leading items while their sizes fit the budget', () => {
    expect(takeWithinBudget([200, 200, 200, 50], 500, size)).toEqual([200, 200]);
  });

  it('should always take the first item, even one larger than the budget', () => {
    expect(takeWithinBudget([900, 10], 500, size)).toEqual([900]);
  });

  it('should take nothing from nothing', () => {
    expect(takeWithinBudget([], 500, size)).toEqual([]);
  });
});

describe('outbox batch format', () => {
  const created = { ...leadCreatedV1Fixture, correlationId: 'tab\there, "quoted"\nand a new line' };
  const assigned = leadAssignedV1Fixture;

  it('should give back each event with its id, subject, correlation id and its envelope as the body', () => {
    const decoded = decodeBatch(encodeBatch([created, assigned]));
    expect(decoded).toEqual([
      { eventId: created.eventId, subject: 'evt.leads.lead.created.v1', correlationId: created.correlationId, body: JSON.stringify(created) },
      { eventId: assigned.eventId, subject: 'evt.leads.lead.assigned.v1', correlationId: assigned.correlationId, body: JSON.stringify(assigned) },
    ]);
  });

  it('should read a line that is a bare envelope', () => {
    expect(decodeBatch(JSON.stringify(assigned))).toEqual([
      { eventId: assigned.eventId, subject: 'evt.leads.lead.assigned.v1', correlationId: assigned.correlationId, body: JSON.stringify(assigned) },
    ]);
  });

  it('should carry the trace context of a traced row, which a reader of the first three fields ignores', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const text = encodeBatch([{ ...assigned, traceparent }]);
    expect(decodeBatch(text)[0]).toMatchObject({ eventId: assigned.eventId, traceparent });
    const head = JSON.parse(text.slice(0, text.indexOf('\t'))) as string[];
    expect(head.slice(0, 3)).toEqual([assigned.eventId, 'evt.leads.lead.assigned.v1', assigned.correlationId]);
    expect(decodeBatch(JSON.stringify({ ...assigned, traceparent }))[0].traceparent).toBe(traceparent);
  });

  it('should refuse text that is not a batch', () => {
    expect(() => decodeBatch('not json')).toThrow();
  });
});

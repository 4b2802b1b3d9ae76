import { migrateSchema } from '@saleswire/database';
import { currentCorrelation, runWithCorrelation } from '@saleswire/observability';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { messagingConfigFromEnv } from '../messaging.config';
import { DomainRuleError } from '../problem.error';
import { IdempotencyKeyReusedError, RequestKeyScope, runWithRequestKey, type RequestKey } from '../request-key/request-key';
import { RequestKeys1764700000000 } from '../request-key/request-key.migration';
import { applied, oneByOne, oneByOneOrRefused, refused, type CommandGroup, type GroupedCommand } from './command-group';
import { Outbox, type OutboxTransaction } from './outbox';
import { MessagingTables1764100000000 } from './outbox.migration';
import type { OutboxRelay } from './outbox.relay';
import { OutboxBatches1764600000000 } from './outbox-batches.migration';

// libs/testing depends on this lib, so this suite sets up its own schema.
const SCHEMA = `messaging_group_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const PRINCIPAL = '01936f0e-8a4b-7c3d-9e2f-0000000000bb';
const THING_CREATED = { type: 'test.thing.created', version: 1, payload: Object } as never;

interface Thing {
  id: number;
  name: string;
}

describe('command group: concurrent commands in one transaction, each answered alone (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let outbox: Outbox;
  let group: CommandGroup<string, Thing>;
  /** The size of every group `apply` was given, in order. */
  const sizes: number[] = [];

  /**
   * A set-based apply as a service writes one: names starting with `refused` are refused alone before anything
   * is written; the rest are inserted with one statement, each with its event emitted in its own context.
   */
  async function createThings(tx: OutboxTransaction, commands: GroupedCommand<string>[]) {
    sizes.push(commands.length);
    const accepted = commands.filter((c) => !c.input.startsWith('refused'));
    const rows: Thing[] = accepted.length
      ? await tx.manager.query(`INSERT INTO "${SCHEMA}".thing (name) SELECT * FROM unnest($1::text[]) RETURNING id, name`, [accepted.map((c) => c.input)])
      : [];
    const byName = new Map(rows.map((row) => [row.name, row]));
    return commands.map((command) => {
      const thing = byName.get(command.input);
      if (!thing) return refused<Thing>(new DomainRuleError(`${command.input} is refused`));
      command.within(() => tx.emit(THING_CREATED, { aggregateId: randomUUID(), aggregateVersion: 1, actor: { type: 'system' } as never, payload: { name: thing.name } }));
      return applied(thing);
    });
  }

  async function things(name: string): Promise<number> {
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".thing WHERE name = $1`, [name]);
    return row.n as number;
  }

  function keyOf(key: string, fingerprint = 'fp-1'): RequestKey {
    return { principalId: PRINCIPAL, key, fingerprint };
  }

  /** A command as a service runs it: in the scope the RPC server opens for a command that arrived with a key. */
  async function asCommand<R>(key: RequestKey, run: () => Promise<R>): Promise<{ reply: R; scope: RequestKeyScope }> {
    const scope = new RequestKeyScope(key, 'rpc', 'rpc.test.create-thing.v1');
    const reply = await runWithRequestKey(scope, run);
    return { reply, scope };
  }

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema: SCHEMA,
      migrations: [MessagingTables1764100000000, OutboxBatches1764600000000, RequestKeys1764700000000],
      extra: { max: 10 },
    });
    await dataSource.initialize();
    await migrateSchema(dataSource);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".thing (id serial PRIMARY KEY, name text NOT NULL UNIQUE)`);
    // The relay is a neighbour: this suite reads the outbox rows, it does not publish them.
    outbox = new Outbox(dataSource, messagingConfigFromEnv({}, 'group-spec'), { wake: () => undefined } as unknown as OutboxRelay);
    group = outbox.group('create-thing', createThings, { maxSize: 16, maxInFlight: 2 });
  });

  beforeEach(() => {
    sizes.length = 0;
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  it('should apply a command at once and alone when the group is idle', async () => {
    const first = await group.run('idle-1');
    const second = await group.run('idle-2');
    expect([first.name, second.name]).toEqual(['idle-1', 'idle-2']);
    expect(sizes).toEqual([1, 1]);
  });

  it('should group concurrent commands, answer each with its own row, and store each once with its own event', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `many-${i}`);
    const correlations = names.map(() => randomUUID());
    const answers = await Promise.all(names.map((name, i) => runWithCorrelation({ correlationId: correlations[i] }, () => group.run(name))));
    expect(answers.map((a) => a.name)).toEqual(names);
    expect(new Set(answers.map((a) => a.id)).size).toBe(200);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".thing WHERE name LIKE 'many-%'`);
    expect(n).toBe(200);
    // Each event carries the correlation of the request that sent its command, not its group's first one.
    const events: Array<{ name: string; correlationId: string }> = await dataSource.query(
      `SELECT envelope->'payload'->>'name' AS name, envelope->>'correlationId' AS "correlationId" FROM "${SCHEMA}".outbox_event
        WHERE envelope->'payload'->>'name' LIKE 'many-%'`,
    );
    expect(events).toHaveLength(200);
    const expected = new Map(names.map((name, i) => [name, correlations[i]]));
    for (const event of events) expect(event.correlationId).toBe(expected.get(event.name));
  });

  it('should keep one group in flight by default: what arrives during its transaction is the next group, whole', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inFlight = 0;
    let mostInFlight = 0;
    const gated = outbox.group('create-thing-gated', async (tx, commands: GroupedCommand<string>[]) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        // The first group stays in its transaction until the others have arrived.
        if (sizes.length === 0) await held;
        return await createThings(tx, commands);
      } finally {
        inFlight--;
      }
    });
    const first = gated.run('gated-0');
    while (inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const rest = Array.from({ length: 10 }, (_, i) => gated.run(`gated-${i + 1}`));
    release();
    const answers = await Promise.all([first, ...rest]);
    expect(answers.map((thing) => thing.name)).toEqual(Array.from({ length: 11 }, (_, i) => `gated-${i}`));
    expect(sizes).toEqual([1, 10]);
    expect(mostInFlight).toBe(1);
  });

  it('should run each group in the request context of its first command, not of the request that started the queue', async () => {
    // Per group: the correlation its transaction runs under, and its commands' own.
    const seen: Array<{ ambient?: string; own: Array<string | undefined> }> = [];
    const traced = outbox.group(
      'create-thing-traced',
      async (tx, commands: GroupedCommand<string>[]) => {
        seen.push({ ambient: currentCorrelation()?.correlationId, own: commands.map((c) => c.within(() => currentCorrelation()?.correlationId)) });
        return createThings(tx, commands);
      },
      { maxSize: 4, maxInFlight: 1 },
    );
    const names = Array.from({ length: 24 }, (_, i) => `traced-${i}`);
    await Promise.all(names.map((name) => runWithCorrelation({ correlationId: `corr-${name}` }, () => traced.run(name))));
    // One group at a time of at most 4: the later groups were taken by the pump the first request started.
    expect(seen.length).toBeGreaterThan(1);
    for (const group of seen) expect(group.ambient).toBe(group.own[0]);
    expect(seen.flatMap((group) => group.own)).toEqual(names.map((name) => `corr-${name}`));
  });

  it('should refuse a refused command alone, storing nothing of it, while its neighbours commit', async () => {
    const names = ['mixed-a', 'refused-b', 'mixed-c', 'refused-d', 'mixed-e'];
    const settled = await Promise.allSettled(names.map((name) => group.run(name)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(DomainRuleError);
    expect(await things('mixed-a')).toBe(1);
    expect(await things('refused-b')).toBe(0);
  });

  it('should apply each command alone when the group transaction fails, so only the one at fault fails', async () => {
    await group.run('taken');
    sizes.length = 0;
    // One group at a time, so that the groups this test forms do not depend on timing.
    const serial = outbox.group('create-thing-serially', createThings, { maxSize: 16, maxInFlight: 1 });
    // `taken` breaks the unique name, which fails the whole group's INSERT: the others must still commit, once.
    const names = ['retry-a', 'retry-b', 'taken', 'retry-c'];
    const settled = await Promise.allSettled(names.map((name) => serial.run(name)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    for (const name of ['retry-a', 'retry-b', 'retry-c']) expect(await things(name)).toBe(1);
    expect(await things('taken')).toBe(1);
    // The first command went alone (the group was idle), the other three failed together, then went one by one.
    expect(sizes).toEqual([1, 3, 1, 1, 1]);
  });

  it('should record each command key with its change and answer a retry, even in the same group, with the stored reply', async () => {
    const key = keyOf(randomUUID());
    const others = Array.from({ length: 10 }, (_, i) => asCommand(keyOf(randomUUID()), () => group.run(`keyed-${i}`)));
    const [a, b] = await Promise.all([asCommand(key, () => group.run('keyed-once')), asCommand(key, () => group.run('keyed-once'))]);
    await Promise.all(others);
    expect(b.reply).toEqual(a.reply);
    expect([a.scope.outcome, b.scope.outcome].sort()).toEqual(['recorded', 'replayed']);
    expect(await things('keyed-once')).toBe(1);
    const later = await asCommand(key, () => group.run('keyed-once'));
    expect(later.scope.outcome).toBe('replayed');
    expect(later.reply).toEqual(a.reply);
    const [row] = await dataSource.query(`SELECT reply FROM "${SCHEMA}".request_key WHERE key = $1`, [key.key]);
    expect(row.reply).toEqual(a.reply);
  });

  it('should release the key of a refused command, so that its retry runs again', async () => {
    const key = keyOf(randomUUID());
    await expect(asCommand(key, () => group.run('refused-keyed'))).rejects.toBeInstanceOf(DomainRuleError);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".request_key WHERE key = $1`, [key.key]);
    expect(n).toBe(0);
  });

  it('should refuse a key used with another request with 409, leaving the first reply', async () => {
    const key = randomUUID();
    const first = await asCommand(keyOf(key, 'fp-1'), () => group.run('reused-key'));
    await expect(asCommand(keyOf(key, 'fp-2'), () => group.run('reused-key-other'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await things('reused-key-other')).toBe(0);
    const [row] = await dataSource.query(`SELECT reply FROM "${SCHEMA}".request_key WHERE key = $1`, [key]);
    expect(row.reply).toEqual(first.reply);
  });

  it('should answer a retry whose key committed before running prepare again', async () => {
    const key = keyOf(randomUUID());
    let prepared = 0;
    const prepare = async (): Promise<void> => {
      prepared++;
    };
    const first = await asCommand(key, () => group.run('prepared-once', prepare));
    const again = await asCommand(key, () => group.run('prepared-once', prepare));
    expect(again.reply).toEqual(first.reply);
    expect(again.scope.outcome).toBe('replayed');
    expect(prepared).toBe(1);
  });
});

describe('oneByOne: commands without a set-based form, grouped (real PostgreSQL)', () => {
  const SCHEMA_ONE = `messaging_group1_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
  let dataSource: DataSource;
  let outbox: Outbox;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, schema: SCHEMA_ONE, migrations: [MessagingTables1764100000000, OutboxBatches1764600000000, RequestKeys1764700000000] });
    await dataSource.initialize();
    await migrateSchema(dataSource);
    await dataSource.query(`CREATE TABLE "${SCHEMA_ONE}".thing (id serial PRIMARY KEY, name text NOT NULL)`);
    outbox = new Outbox(dataSource, messagingConfigFromEnv({}, 'group-spec'), { wake: () => undefined } as unknown as OutboxRelay);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA_ONE}" CASCADE`);
    await dataSource.destroy();
  });

  it('should apply each change in turn in one transaction and fail only the change that throws', async () => {
    const transactions = new Set<string>();
    const group = outbox.group(
      'one-by-one',
      oneByOne(async (tx, name: string) => {
        const [{ xid }] = await tx.manager.query(`SELECT txid_current()::text AS xid`);
        transactions.add(xid);
        if (name === 'bad') throw new DomainRuleError('bad is refused');
        const [row] = await tx.manager.query(`INSERT INTO "${SCHEMA_ONE}".thing (name) VALUES ($1) RETURNING id, name`, [name]);
        return row as Thing;
      }),
      { maxInFlight: 1 },
    );
    await group.run('first');
    transactions.clear();
    const settled = await Promise.allSettled(['a', 'b', 'c'].map((name) => group.run(name)));
    expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
    // `a` finds the group idle and goes alone; `b` and `c` wait for it and share one transaction.
    expect(transactions.size).toBe(2);
    const mixed = await Promise.allSettled(['d', 'bad', 'e'].map((name) => group.run(name)));
    expect(mixed.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA_ONE}".thing`);
    expect(n).toBe(6);
  });

  it('should keep the neighbours of a change that refuses before writing in the group transaction, and store nothing of it', async () => {
    const transactions: string[] = [];
    const group = outbox.group(
      'one-by-one-or-refused',
      oneByOneOrRefused(async (tx, name: string) => {
        const [{ xid }] = await tx.manager.query(`SELECT txid_current()::text AS xid`);
        transactions.push(xid);
        if (name.startsWith('refuse')) return refused<Thing>(new DomainRuleError(`${name} is refused`));
        const [row] = await tx.manager.query(`INSERT INTO "${SCHEMA_ONE}".thing (name) VALUES ($1) RETURNING id, name`, [name]);
        return applied(row as Thing);
      }),
      { maxInFlight: 1 },
    );
    await group.run('or-first');
    transactions.length = 0;
    const settled = await Promise.allSettled(['or-a', 'or-b', 'refuse-c', 'or-d', 'refuse-e'].map((name) => group.run(name)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(DomainRuleError);
    // `or-a` went alone; the other four shared one transaction, the refusals included: nothing was applied again.
    expect(transactions).toHaveLength(5);
    expect(new Set(transactions).size).toBe(2);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA_ONE}".thing WHERE name LIKE 'or-%'`);
    expect(n).toBe(4);
    const [{ r }] = await dataSource.query(`SELECT count(*)::int AS r FROM "${SCHEMA_ONE}".thing WHERE name LIKE 'refuse-%'`);
    expect(r).toBe(0);
  });
});

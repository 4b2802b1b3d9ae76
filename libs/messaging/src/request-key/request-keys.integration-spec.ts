import { migrateSchema } from '@saleswire/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { messagingConfigFromEnv } from '../messaging.config';
import { Outbox, type OutboxTransaction } from '../outbox/outbox';
import { MessagingTables1764100000000 } from '../outbox/outbox.migration';
import { OutboxBatches1764600000000 } from '../outbox/outbox-batches.migration';
import { IdempotencyKeyReusedError, RequestKeyScope, runWithRequestKey, type RequestKey } from './request-key';
import { RequestKeys1764700000000 } from './request-key.migration';
import { RequestKeys } from './request-keys';

// libs/testing depends on this lib, so this suite sets up its own schema.
const SCHEMA = `messaging_keys_${process.env.MESSAGING_NAMESPACE}`.toLowerCase();
const PRINCIPAL = '01936f0e-8a4b-7c3d-9e2f-0000000000aa';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('request keys: recorded with the change, replayed on a retry (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let outbox: Outbox;

  function keyOf(key: string, fingerprint = 'fp-1', principalId = PRINCIPAL): RequestKey {
    return { principalId, key, fingerprint };
  }

  /** A command as a service runs it: in the scope the RPC server opens for a command that arrived with a key. */
  async function asCommand<R>(key: RequestKey, run: () => Promise<R>): Promise<{ reply: R; scope: RequestKeyScope }> {
    const scope = new RequestKeyScope(key, 'rpc', 'rpc.test.create-thing.v1');
    const reply = await runWithRequestKey(scope, run);
    return { reply, scope };
  }

  /** The change of the command under test: a row in `thing`, answered with its id and name. */
  async function createThing(tx: OutboxTransaction, name: string, holdMs = 0): Promise<{ id: number; name: string }> {
    const [row]: Array<{ id: number }> = await tx.manager.query(`INSERT INTO "${SCHEMA}".thing (name) VALUES ($1) RETURNING id`, [name]);
    if (holdMs) await sleep(holdMs);
    return { id: row.id, name };
  }

  async function things(name: string): Promise<number> {
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".thing WHERE name = $1`, [name]);
    return row.n as number;
  }

  async function keyRows(key: string): Promise<Array<{ fingerprint: string; subject: string; reply: unknown }>> {
    return dataSource.query(`SELECT fingerprint, subject, reply FROM "${SCHEMA}".request_key WHERE key = $1`, [key]);
  }

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema: SCHEMA,
      migrations: [MessagingTables1764100000000, OutboxBatches1764600000000, RequestKeys1764700000000],
    });
    await dataSource.initialize();
    await migrateSchema(dataSource);
    await dataSource.query(`CREATE TABLE "${SCHEMA}".thing (id serial PRIMARY KEY, name text NOT NULL)`);
    outbox = new Outbox(dataSource, messagingConfigFromEnv({}, 'keys-spec'));
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await dataSource.destroy();
  });

  it('should record the key with the change and answer a retry with the stored reply, changing nothing again', async () => {
    const key = keyOf(randomUUID());
    const first = await asCommand(key, () => outbox.command((tx) => createThing(tx, 'retried')));
    const again = await asCommand(key, () => outbox.command((tx) => createThing(tx, 'retried')));
    expect(first.scope.outcome).toBe('recorded');
    expect(again.scope.outcome).toBe('replayed');
    expect(again.reply).toEqual(first.reply);
    expect(await things('retried')).toBe(1);
    expect(await keyRows(key.key)).toEqual([{ fingerprint: 'fp-1', subject: 'rpc.test.create-thing.v1', reply: first.reply }]);
  });

  it('should give one change and one answer to two racing transactions with the same key: the second waits, then replays', async () => {
    const key = keyOf(randomUUID());
    const [a, b] = await Promise.all([
      asCommand(key, () => outbox.command((tx) => createThing(tx, 'raced', 300))),
      asCommand(key, () => outbox.command((tx) => createThing(tx, 'raced', 300))),
    ]);
    expect(a.reply).toEqual(b.reply);
    expect([a.scope.outcome, b.scope.outcome].sort()).toEqual(['recorded', 'replayed']);
    expect(await things('raced')).toBe(1);
  });

  it('should answer 409 naming Idempotency-Key when the key comes back with another request, also while the first runs', async () => {
    const key = keyOf(randomUUID());
    const racing = asCommand(key, () => outbox.command((tx) => createThing(tx, 'first body', 300)));
    await sleep(50);
    const other = asCommand({ ...key, fingerprint: 'fp-other' }, () => outbox.command((tx) => createThing(tx, 'other body')));
    await expect(other).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await racing;
    const later = await asCommand({ ...key, fingerprint: 'fp-other' }, () => outbox.command((tx) => createThing(tx, 'other body'))).catch(
      (error: unknown) => error,
    );
    expect(later).toMatchObject({ status: 409, errors: [{ field: 'Idempotency-Key', message: expect.stringMatching(/different request/) }] });
    expect(await things('first body')).toBe(1);
    expect(await things('other body')).toBe(0);
  });

  it('should keep keys apart per caller', async () => {
    const key = randomUUID();
    const mine = await asCommand(keyOf(key, 'fp', 'caller-1'), () => outbox.command((tx) => createThing(tx, 'per caller')));
    const theirs = await asCommand(keyOf(key, 'fp', 'caller-2'), () => outbox.command((tx) => createThing(tx, 'per caller')));
    expect(theirs.scope.outcome).toBe('recorded');
    expect(theirs.reply).not.toEqual(mine.reply);
    expect(await things('per caller')).toBe(2);
  });

  it('should run a key again whose first attempt rolled back before its commit', async () => {
    const key = keyOf(randomUUID());
    const failed = asCommand(key, () =>
      outbox.command(async (tx) => {
        await createThing(tx, 'after a failure');
        throw new Error('the first attempt broke off');
      }),
    );
    await expect(failed).rejects.toThrow('broke off');
    expect(await keyRows(key.key)).toEqual([]);
    const retried = await asCommand(key, () => outbox.command((tx) => createThing(tx, 'after a failure')));
    expect(retried.scope.outcome).toBe('recorded');
    expect(await things('after a failure')).toBe(1);
  });

  it('should skip `prepare` too when the key was recorded, so a retry is not refused by what the first attempt changed', async () => {
    const key = keyOf(randomUUID());
    let prepared = 0;
    const prepare = async (): Promise<string> => {
      prepared++;
      if ((await things('prepared')) > 0) throw new Error('already done'); // the refusal a second conversion gets
      return 'prepared';
    };
    const first = await asCommand(key, () => outbox.command(prepare, (tx, name) => createThing(tx, name)));
    const again = await asCommand(key, () => outbox.command(prepare, (tx, name) => createThing(tx, name)));
    expect(again).toMatchObject({ reply: first.reply, scope: { outcome: 'replayed' } });
    expect(prepared).toBe(1);
  });

  it('should change again each time without a key: a write without Idempotency-Key is at least once', async () => {
    await outbox.command((tx) => createThing(tx, 'no key'));
    await outbox.command((tx) => createThing(tx, 'no key'));
    expect(await things('no key')).toBe(2);
  });

  it('should refuse a command handler’s plain transaction before it writes, so no change commits without its key', async () => {
    const key = keyOf(randomUUID());
    const plain = asCommand(key, () => outbox.transaction((tx) => createThing(tx, 'forgot the key')));
    await expect(plain).rejects.toThrow(/outbox\.command/);
    expect(await things('forgot the key')).toBe(0);
  });

  it('should purge keys past their 24 hours, and take over an expired key that is still there', async () => {
    const keys = new RequestKeys(dataSource);
    const [old, kept, lingering] = [keyOf(randomUUID()), keyOf(randomUUID()), keyOf(randomUUID())];
    for (const key of [old, kept, lingering]) await asCommand(key, () => outbox.command((tx) => createThing(tx, 'expiring')));
    await dataSource.query(`UPDATE "${SCHEMA}".request_key SET created_at = now() - interval '25 hours' WHERE key = ANY($1)`, [[old.key, lingering.key]]);

    const again = await asCommand(lingering, () => outbox.command((tx) => createThing(tx, 'expiring')));
    expect(again.scope.outcome).toBe('recorded');
    expect(await things('expiring')).toBe(4);

    expect(await keys.purge()).toBeGreaterThanOrEqual(1);
    expect(await keyRows(old.key)).toEqual([]);
    expect(await keyRows(kept.key)).toHaveLength(1);
    expect(await keyRows(lingering.key)).toHaveLength(1);
  });

  it('should record a key the same way for an app without an outbox (RequestKeys.command)', async () => {
    const keys = new RequestKeys(dataSource);
    const key = keyOf(randomUUID());
    const write = () =>
      keys.command(async (manager) => {
        const [row]: Array<{ id: number }> = await manager.query(`INSERT INTO "${SCHEMA}".thing (name) VALUES ('gateway user') RETURNING id`);
        return { id: row.id };
      });
    const first = await asCommand(key, write);
    const again = await asCommand(key, write);
    expect(again).toMatchObject({ reply: first.reply, scope: { outcome: 'replayed' } });
    expect(await things('gateway user')).toBe(1);
  });
});

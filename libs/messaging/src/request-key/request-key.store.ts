import { queryAtCommit, queryNamed, tableOf } from '@saleswire/database';
import type { DataSource, EntityManager } from 'typeorm';
import {
  currentRequestKey,
  IdempotencyKeyReusedError,
  REQUEST_KEY_RETENTION_HOURS,
  requestKeyId,
  type RequestKey,
  type RequestKeyScope,
} from './request-key';

/** A reply stored with a key by the attempt that committed it. */
export interface StoredReply {
  reply: unknown;
}

/** Expired keys deleted by one statement: a day of keys can be many, and one huge DELETE holds its locks long. */
const PURGE_BATCH = 5000;

/**
 * The service's `request_key` table: each key a caller used with a command, the request's fingerprint and the
 * command's reply, written in the transaction of the command's change (ADR 0010). SQL, not an entity: it is a
 * log of keys, not an aggregate (ADR 0008).
 */
export class RequestKeyStore {
  private readonly table: string;

  constructor(
    source: DataSource,
    private readonly retentionHours = REQUEST_KEY_RETENTION_HOURS,
  ) {
    this.table = tableOf(source, 'request_key');
  }

  /**
   * Takes the key for this transaction: null when this attempt owns it (it must `complete` it before commit), or
   * the reply of the attempt that committed it. A concurrent attempt holding the key makes this one wait for its
   * end: its commit is replayed, its rollback leaves the key to this one. An expired key is taken over.
   */
  async claim(manager: EntityManager, key: RequestKey, subject: string): Promise<StoredReply | null> {
    const stored = (await this.claimMany(manager, [{ key, subject }])).get(requestKeyId(key));
    if (stored instanceof Error) throw stored;
    return stored ?? null;
  }

  /** Stores the command's reply with the key this attempt claimed, in the same transaction. */
  complete(manager: EntityManager, key: RequestKey, reply: unknown): Promise<void> {
    return this.completeMany(manager, [{ key, reply }]);
  }

  /**
   * `claim` for the keys of a command group (issue 14) in one statement: answers, per key (`principalId\0key`)
   * that an earlier attempt holds, its stored reply or the error for a key reused with another request; a key
   * missing from the answer is this transaction's. Keys are claimed in one order, so two groups never deadlock
   * on them.
   */
  async claimMany(manager: EntityManager, claims: Array<{ key: RequestKey; subject: string }>): Promise<Map<string, StoredReply | Error>> {
    const taken = new Map<string, StoredReply | Error>();
    if (claims.length === 0) return taken;
    const sorted = [...claims].sort((a, b) => compare(requestKeyId(a.key), requestKeyId(b.key)));
    const owned: Array<{ principal_id: string; key: string }> = await queryNamed(
      manager,
      `INSERT INTO ${this.table} AS k (principal_id, key, fingerprint, subject)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (principal_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, subject = EXCLUDED.subject, reply = NULL, created_at = now()
         WHERE k.created_at < now() - make_interval(hours => $5)
       RETURNING principal_id, key`,
      [
        sorted.map((c) => c.key.principalId),
        sorted.map((c) => c.key.key),
        sorted.map((c) => c.key.fingerprint),
        sorted.map((c) => c.subject),
        this.retentionHours,
      ],
    );
    const mine = new Set(owned.map((row) => requestKeyId({ principalId: row.principal_id, key: row.key })));
    const others = sorted.filter((c) => !mine.has(requestKeyId(c.key)));
    if (others.length === 0) return taken;
    const rows: Array<{ principal_id: string; key: string; fingerprint: string; reply: unknown }> = await queryNamed(
      manager,
      `SELECT k.principal_id, k.key, k.fingerprint, k.reply
         FROM ${this.table} k JOIN unnest($1::text[], $2::text[]) AS c(principal_id, key) USING (principal_id, key)`,
      [others.map((c) => c.key.principalId), others.map((c) => c.key.key)],
    );
    const stored = new Map(rows.map((row) => [requestKeyId({ principalId: row.principal_id, key: row.key }), row]));
    for (const { key } of others) {
      const row = stored.get(requestKeyId(key));
      // The row that made the insert conflict is committed and not expired (the update above would have taken it).
      if (!row) throw new Error(`request key ${key.key} conflicted but cannot be read`);
      taken.set(requestKeyId(key), row.fingerprint === key.fingerprint ? { reply: row.reply } : new IdempotencyKeyReusedError());
    }
    return taken;
  }

  /** `complete` for the keys of a command group, in one statement. */
  async completeMany(manager: EntityManager, replies: Array<{ key: RequestKey; reply: unknown }>): Promise<void> {
    if (replies.length === 0) return;
    await queryAtCommit(
      manager,
      // json, not jsonb: the reply comes back byte for byte, keys in the order they were answered.
      `UPDATE ${this.table} k SET reply = r.reply::json
         FROM unnest($1::text[], $2::text[], $3::text[]) AS r(principal_id, key, reply)
        WHERE k.principal_id = r.principal_id AND k.key = r.key`,
      [replies.map((r) => r.key.principalId), replies.map((r) => r.key.key), replies.map((r) => JSON.stringify(r.reply ?? null))],
    );
  }

  /**
   * Gives up keys this transaction claimed for commands it refused: a retry of such a command runs again, as it
   * would after the rolled-back transaction of a single command.
   */
  async release(manager: EntityManager, keys: RequestKey[]): Promise<void> {
    if (keys.length === 0) return;
    await queryAtCommit(
      manager,
      `DELETE FROM ${this.table} k USING unnest($1::text[], $2::text[]) AS r(principal_id, key)
        WHERE k.principal_id = r.principal_id AND k.key = r.key`,
      [keys.map((k) => k.principalId), keys.map((k) => k.key)],
    );
  }

  /** The committed, unexpired reply of this key, outside any transaction; null when there is none yet. */
  async find(manager: EntityManager, key: RequestKey): Promise<StoredReply | null> {
    const [row]: Array<{ fingerprint: string; reply: unknown }> = await queryNamed(
      manager,
      `SELECT fingerprint, reply FROM ${this.table}
        WHERE principal_id = $1 AND key = $2 AND created_at >= now() - make_interval(hours => $3)`,
      [key.principalId, key.key, this.retentionHours],
    );
    if (!row) return null;
    if (row.fingerprint !== key.fingerprint) throw new IdempotencyKeyReusedError();
    return { reply: row.reply };
  }

  /** Deletes the keys older than the retention, a batch at a time; answers how many went. */
  async purge(manager: EntityManager): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await queryNamed(
        manager,
        `DELETE FROM ${this.table} WHERE ctid IN (
           SELECT ctid FROM ${this.table} WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`,
        [this.retentionHours, PURGE_BATCH],
      )) as [unknown, number];
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How `runCommand` opens a transaction and reaches its manager: an outbox's, or a plain data source's. */
export interface CommandRunner<X> {
  store: RequestKeyStore;
  /** A manager outside any transaction, for the look-up before `prepare`. */
  manager: EntityManager;
  transaction<T>(work: (tx: X) => Promise<T>): Promise<T>;
  managerOf(tx: X): EntityManager;
}

/**
 * Runs a command under the request's key, if it has one: the stored reply of an earlier attempt, or `prepare`
 * (outside the transaction: checks, requests to other services) and then `change` in one transaction with the
 * key and its reply recorded beside the change. Without a key it is `prepare` and `change`, at least once.
 */
export async function runCommand<X, R, P>(
  runner: CommandRunner<X>,
  change: (tx: X, prepared: P) => Promise<R>,
  prepare?: () => Promise<P>,
): Promise<R> {
  const scope = keyToRecord();
  if (!scope) {
    const prepared = (prepare ? await prepare() : undefined) as P;
    return runner.transaction((tx) => change(tx, prepared));
  }
  if (prepare) {
    // Before `prepare`: a retry must get the first answer, not the refusal the first attempt's change now causes
    // ("already converted").
    const earlier = await runner.store.find(runner.manager, scope.key);
    if (earlier) {
      scope.outcome = 'replayed';
      return earlier.reply as R;
    }
  }
  const prepared = (prepare ? await prepare() : undefined) as P;
  let replayed = false;
  const reply = await runner.transaction(async (tx) => {
    const manager = runner.managerOf(tx);
    const earlier = await runner.store.claim(manager, scope.key, scope.subject);
    replayed = earlier !== null;
    if (earlier) return earlier.reply as R;
    const value = await change(tx, prepared);
    await runner.store.complete(manager, scope.key, value);
    return value;
  });
  scope.outcome = replayed ? 'replayed' : 'recorded';
  return reply;
}

/** The request key this process must record, if the request being handled has one not yet used. */
function keyToRecord(): RequestKeyScope | undefined {
  const scope = currentRequestKey();
  return scope?.outcome === 'pending' ? scope : undefined;
}

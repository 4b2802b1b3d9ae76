import { Injectable } from '@nestjs/common';
import { queryNamed, tableOf } from '@saleswire/database';
import type { EntityManager } from 'typeorm';

/** What a key row points at: the record of another channel that carries the key. */
export type KeyedRecordKind = 'lead' | 'customer' | 'registration';

/**
 * The `channel_key` rows: one per key of every lead, customer and registration (stored as the key's 64-bit hash),
 * so that a conflict check is a B-tree look-up of a registration's few keys. A record's rows change with its keys, in the transaction that
 * changed them. `table` names the table for event consumers writing through their target (`tx.target`).
 */
@Injectable()
export class ChannelKeyStore {
  /**
   * Makes these records' keys exactly the ones given (a record absent from `records` keeps its own). A record whose
   * row the caller's statement has just inserted (`inserted`) has no key rows yet, so only the others' are deleted:
   * for a batch of new leads there is nothing to delete, and the DELETE by a list of ids was a sequential scan of
   * every key whenever the planner's statistics were older than the table — an import's 300,000 keys read once for
   * each hundred leads (148 million rows read for a 100,000-row import, half of PostgreSQL's CPU).
   */
  async replace(
    manager: EntityManager,
    kind: KeyedRecordKind,
    records: ReadonlyArray<{ id: string; keys: readonly string[]; inserted?: boolean }>,
    table = tableOf(manager, 'channel_key'),
  ): Promise<void> {
    if (records.length === 0) return;
    const known = records.filter((record) => !record.inserted).map((record) => record.id);
    if (known.length > 0) await queryNamed(manager, `DELETE FROM ${table} WHERE record_id = ANY($1::uuid[]) AND record_kind = $2`, [known, kind]);
    await this.add(manager, kind, records, table);
  }

  /** Adds the keys of records known to have none yet (a new registration). */
  async add(
    manager: EntityManager,
    kind: KeyedRecordKind,
    records: ReadonlyArray<{ id: string; keys: readonly string[] }>,
    table = tableOf(manager, 'channel_key'),
  ): Promise<void> {
    const rows = records.flatMap((record) => record.keys.map((key) => ({ key, id: record.id })));
    if (rows.length === 0) return;
    await queryNamed(
      manager,
      `INSERT INTO ${table} (key_hash, record_id, record_kind)
       SELECT hashtextextended(key, 0), id, $2 FROM json_to_recordset($1::json) AS r (key text, id uuid)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows), kind],
    );
  }
}

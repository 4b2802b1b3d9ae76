import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_STATUSES_SQL } from '../lead/lead-status.policy';
import { KEY_KINDS, keyOf, type ContactKeys, type CustomerMatch, type OpenLeadHit } from './contact-identity';
import { queryNamed, tableOf } from '@saleswire/database';

/** What the keys of a set of leads match, each key to the first open lead and the oldest customer under it. */
export interface KeyMatches {
  leads: Map<string, OpenLeadHit>;
  customers: Map<string, CustomerMatch>;
}

const COLUMNS: Record<keyof ContactKeys, string> = { email: 'email_norm', phone: 'phone_norm', taxId: 'tax_id_norm' };

/**
 * Looks up what new leads' keys match, for one lead or an import's chunk alike, with one statement: under each
 * distinct key, the first open lead (its original) and — when repeat detection is on — the oldest known
 * customer. The open lead is one index probe per key stopping at its first row: an `OR` over the keys would
 * collect every open lead with a popular key (a switchboard phone) before sorting, and each new lead would get
 * slower as such a key gathers leads. Customers rarely share a key, so they are read per kind with `= ANY`
 * (a probe per key cost ~10 ms per kind for an import's 5,000-row chunk, `= ANY` under 1 ms). Which match a
 * lead takes is decided by `duplicateOf` and `customerOf`.
 */
@Injectable()
export class DuplicateFinder {
  /** The one statement, fixed per schema: named, so each connection plans it once (its plan cost 10x its run). */
  readonly statement: string;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const leads = tableOf(dataSource, 'lead');
    const customers = tableOf(dataSource, 'customer_index');
    // PostgreSQL keeps a generic plan only when it looks no dearer than the custom ones, so nothing here may let a
    // value change the estimate: the open statuses are written in (a constant of the code, which also lets the
    // partial open-lead indexes be proven), and the key arrays and the switch are read through `(SELECT $n)`,
    // whose value the planner does not see (an array of 1 key or of 5,000 gets the same plan: a probe per key).
    // The open lead is read as "the first open lead at or after the key, in the partial index's (key, id) order",
    // kept only when it holds the key. Written as `= key ORDER BY id`, the key's column is fixed within the probe,
    // so walking lead_pkey with a filter gives the same order, and when the statistics say many leads share a key
    // (a switchboard phone; one contact in every benchmark lead) that walk looks cheaper: for a key nobody holds it
    // read the whole table, each key of an import's chunk (seconds a chunk, docs/benchmarks.md). Only the partial
    // index gives this order, so the probe is one index descent whatever the statistics say (a plan test holds it).
    // $1..$3: the keys of each kind, in KEY_KINDS order; $4: repeat detection.
    this.statement = KEY_KINDS.flatMap((kind, i) => [
      `SELECT 'lead' AS found, '${kind}' AS kind, key, hit.id::text AS id, hit.original::text AS original, NULL AS owner_id
         FROM unnest((SELECT $${i + 1}::text[])) key
         CROSS JOIN LATERAL (SELECT id, coalesce(duplicate_of_id, id) AS original, ${COLUMNS[kind]} AS at FROM ${leads}
                              WHERE ${COLUMNS[kind]} >= key AND ${COLUMNS[kind]} IS NOT NULL AND status = ANY(${OPEN_STATUSES_SQL})
                              ORDER BY ${COLUMNS[kind]}, id LIMIT 1) hit
        WHERE hit.at = key`,
      `(SELECT DISTINCT ON (${COLUMNS[kind]}) 'customer', '${kind}', ${COLUMNS[kind]}, customer_id::text, NULL, owner_id::text
          FROM ${customers}
         WHERE (SELECT $4::boolean) AND ${COLUMNS[kind]} = ANY((SELECT $${i + 1}::text[])::text[])
         ORDER BY ${COLUMNS[kind]}, created_at, customer_id)`,
    ]).join(' UNION ALL ');
  }

  async lookup(manager: EntityManager, keys: ContactKeys[], options: { repeatDetection: boolean }): Promise<KeyMatches> {
    const found: KeyMatches = { leads: new Map(), customers: new Map() };
    const values = KEY_KINDS.map((kind) => [...new Set(keys.map((k) => k[kind]).filter((v): v is string => v !== null))]);
    if (values.every((list) => list.length === 0)) return found;
    const rows = await queryNamed<
      Array<{ found: 'lead' | 'customer'; kind: keyof ContactKeys; key: string; id: string; original: string | null; owner_id: string | null }>
    >(manager, this.statement, [...values, options.repeatDetection]);
    for (const row of rows) {
      if (row.found === 'lead') found.leads.set(keyOf(row.kind, row.key), { id: row.id, original: row.original ?? row.id });
      else found.customers.set(keyOf(row.kind, row.key), { customerId: row.id, ownerId: row.owner_id });
    }
    return found;
  }
}

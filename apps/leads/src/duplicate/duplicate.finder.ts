import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_STATUSES } from '../lead/lead-status.policy';
import { hasAnyKey, type ContactKeys } from './contact-identity';

/** A known customer a lead's contact matches. */
export interface CustomerMatch {
  customerId: string;
  ownerId: string | null;
}

/** What a new lead's keys match: an open lead's original, and a known customer. */
export interface KeyMatches {
  duplicateOfId: string | null;
  customer: CustomerMatch | null;
}

/**
 * Finds what a new lead matches: an open lead with the same email, phone or tax id (it is then a duplicate of
 * that lead's original), and a known customer (the lead is then a repeat client's).
 */
@Injectable()
export class DuplicateFinder {
  private readonly leads: string;
  private readonly customers: string;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const schema = (dataSource.options as { schema: string }).schema;
    this.leads = `"${schema}".lead`;
    this.customers = `"${schema}".customer_index`;
  }

  /**
   * What a new lead's keys match, with one statement: the original of the oldest open lead sharing a key (the
   * lead is then its duplicate), and — when repeat detection is on — the known customer (tax id first, then
   * email, then phone; the oldest on a tie). The open-lead look-up is one index probe per key, each stopping at
   * its first row: an `OR` over the keys would collect every open lead with a popular key (a switchboard
   * phone) before sorting, and each new lead would get slower as such a key gathers leads.
   */
  async match(manager: EntityManager, keys: ContactKeys, options: { repeatDetection: boolean }): Promise<KeyMatches> {
    if (!hasAnyKey(keys)) return { duplicateOfId: null, customer: null };
    const probe = (column: string, param: string): string =>
      `(SELECT id, coalesce(duplicate_of_id, id) AS original FROM ${this.leads}
         WHERE ${column} = ${param} AND status = ANY($4::text[]) ORDER BY id LIMIT 1)`;
    const [row] = (await manager.query(
      `SELECT (SELECT original FROM (${probe('email_norm', '$1')} UNION ALL ${probe('phone_norm', '$2')} UNION ALL ${probe('tax_id_norm', '$3')}) firsts
                ORDER BY id LIMIT 1) AS duplicate_of_id,
              customer.customer_id, customer.owner_id
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT customer_id, owner_id FROM ${this.customers}
            WHERE $5::boolean AND (tax_id_norm = $3 OR email_norm = $1 OR phone_norm = $2)
            ORDER BY (tax_id_norm = $3) IS TRUE DESC, (email_norm = $1) IS TRUE DESC, created_at, customer_id
            LIMIT 1) customer ON true`,
      [keys.email, keys.phone, keys.taxId, OPEN_STATUSES, options.repeatDetection],
    )) as Array<{ duplicate_of_id: string | null; customer_id: string | null; owner_id: string | null }>;
    return {
      duplicateOfId: row.duplicate_of_id,
      customer: row.customer_id ? { customerId: row.customer_id, ownerId: row.owner_id } : null,
    };
  }
}

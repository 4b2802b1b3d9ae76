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
   * The original of the oldest open lead sharing a key, or null. One index probe per key, each stopping at its
   * first row: an `OR` over the keys would collect every open lead with a popular key (a switchboard phone)
   * before sorting, and each new lead would get slower as such a key gathers leads.
   */
  async openDuplicateOf(manager: EntityManager, keys: ContactKeys, excludeLeadId?: string): Promise<string | null> {
    if (!hasAnyKey(keys)) return null;
    const probe = (column: string, param: string): string =>
      `(SELECT id, coalesce(duplicate_of_id, id) AS original FROM ${this.leads}
         WHERE ${column} = ${param} AND status = ANY($4::text[]) AND id <> coalesce($5::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
         ORDER BY id LIMIT 1)`;
    const rows: Array<{ original: string }> = await manager.query(
      `SELECT original FROM (${probe('email_norm', '$1')} UNION ALL ${probe('phone_norm', '$2')} UNION ALL ${probe('tax_id_norm', '$3')}) firsts
        ORDER BY id LIMIT 1`,
      [keys.email, keys.phone, keys.taxId, OPEN_STATUSES, excludeLeadId ?? null],
    );
    return rows[0]?.original ?? null;
  }

  /** The known customer matching the keys: tax id first, then email, then phone; the oldest on a tie. */
  async customerOf(manager: EntityManager, keys: ContactKeys): Promise<CustomerMatch | null> {
    if (!hasAnyKey(keys)) return null;
    const rows: Array<{ customer_id: string; owner_id: string | null }> = await manager.query(
      `SELECT customer_id, owner_id FROM ${this.customers}
        WHERE tax_id_norm = $3 OR email_norm = $1 OR phone_norm = $2
        ORDER BY (tax_id_norm = $3) IS TRUE DESC, (email_norm = $1) IS TRUE DESC, created_at, customer_id
        LIMIT 1`,
      [keys.email, keys.phone, keys.taxId],
    );
    return rows[0] ? { customerId: rows[0].customer_id, ownerId: rows[0].owner_id } : null;
  }
}

import { Injectable } from '@nestjs/common';
import type { CustomerCreatedV1, EventEnvelope } from '@saleswire/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { tableOf } from '@saleswire/database';
import type { DataSource, EntityManager } from 'typeorm';
import { contactKeys } from './contact-identity';

/** Keeps the customers the deals service announces, with their normalised keys, to recognise repeat clients. */
@Injectable()
export class CustomerIndexService {
  private readonly table: string;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.table = tableOf(dataSource, 'customer_index');
  }

  /** Upserts the customer; an older version of it than the one stored changes nothing, whatever the order. */
  async record(event: EventEnvelope<CustomerCreatedV1>, manager: EntityManager): Promise<void> {
    const customer = event.payload;
    const keys = contactKeys({ email: customer.email, phone: customer.phone, taxId: customer.taxId });
    await manager.query(
      `INSERT INTO ${this.table} (customer_id, name, email_norm, phone_norm, tax_id_norm, owner_id, aggregate_version, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (customer_id) DO UPDATE SET
         name = excluded.name, email_norm = excluded.email_norm, phone_norm = excluded.phone_norm,
         tax_id_norm = excluded.tax_id_norm, owner_id = excluded.owner_id,
         aggregate_version = excluded.aggregate_version, indexed_at = now()
       WHERE ${this.table}.aggregate_version < excluded.aggregate_version`,
      [customer.customerId, customer.name, keys.email, keys.phone, keys.taxId, customer.ownerId ?? null, event.aggregateVersion, customer.createdAt],
    );
  }
}

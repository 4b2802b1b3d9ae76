import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PaymentViewV1 } from '@saleswire/contracts';
import { findWhereAny, insertReturning, uuidv7 } from '@saleswire/database';
import type { DataSource, EntityManager } from 'typeorm';
import { PaymentEntity } from './payment.entity';
import { toPaymentView } from './payment.mapper';

/** A payment as it is recorded for a deal. */
export interface NewPayment {
  dealId: string;
  amount: number;
  currency: string;
  paidAt: Date;
  reference?: string | null;
  recordedBy: string;
}

/**
 * The payment table, which only this feature reads and writes: deals add their payments here and ask when the
 * last one was paid; the client history reads them.
 */
@Injectable()
export class PaymentLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores the payments in the caller's transaction with one statement and answers them as stored, in their order. */
  async addMany(manager: EntityManager, payments: readonly NewPayment[]): Promise<PaymentViewV1[]> {
    if (payments.length === 0) return [];
    const rows = payments.map((payment) => ({
      id: uuidv7(),
      dealId: payment.dealId,
      amount: payment.amount,
      currency: payment.currency,
      paidAt: payment.paidAt,
      reference: payment.reference?.trim() || null,
      recordedBy: payment.recordedBy,
    }));
    // The rows as stored (an amount as numeric(18,2) keeps it, their creation time), without reading them again.
    const stored = new Map((await insertReturning(manager, PaymentEntity, rows)).map((payment) => [payment.id, payment]));
    return rows.map(({ id }) => toPaymentView(stored.get(id)!));
  }

  /** When the deal's last payment was paid (by its date, not by when it was recorded); null before any payment. */
  async lastPaidAt(manager: EntityManager, dealId: string): Promise<Date | null> {
    const last = await manager.findOne(PaymentEntity, { where: { dealId }, order: { paidAt: 'DESC', id: 'DESC' } });
    return last?.paidAt ?? null;
  }

  /** Payments of these deals, newest first. */
  async ofDeals(dealIds: string[]): Promise<PaymentViewV1[]> {
    const payments = await findWhereAny(this.dataSource.manager, PaymentEntity, 'dealId', dealIds, { paidAt: 'DESC', id: 'DESC' });
    return payments.map(toPaymentView);
  }
}

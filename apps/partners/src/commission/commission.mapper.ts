import type { CommissionAccruedV1, CommissionApprovedV1, CommissionFactsV1, CommissionPaidV1, CommissionViewV1 } from '@saleswire/contracts';
import type { CommissionEntity } from './commission.entity';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toCommissionView(commission: CommissionEntity): CommissionViewV1 {
  const { commissionId, ...facts } = toCommissionFacts(commission);
  return {
    id: commissionId,
    ...facts,
    wonAt: commission.wonAt.toISOString(),
    accruedAt: commission.accruedAt.toISOString(),
    approvedAt: iso(commission.approvedAt),
    paidAt: iso(commission.paidAt),
    reference: commission.reference,
    version: commission.version,
    createdAt: commission.createdAt.toISOString(),
    updatedAt: commission.updatedAt.toISOString(),
  };
}

export function toCommissionFacts(commission: CommissionEntity): CommissionFactsV1 {
  return {
    commissionId: commission.id,
    partnerId: commission.partnerId,
    dealId: commission.dealId,
    registrationId: commission.registrationId,
    baseAmount: commission.baseAmount,
    rate: commission.rate,
    amount: commission.amount,
    currency: commission.currency.trim(),
    status: commission.status,
  };
}

export function toAccrued(commission: CommissionEntity): CommissionAccruedV1 {
  return { ...toCommissionFacts(commission), wonAt: commission.wonAt.toISOString(), accruedAt: commission.accruedAt.toISOString() };
}

export function toCommissionApproved(commission: CommissionEntity): CommissionApprovedV1 {
  return { ...toCommissionFacts(commission), approvedAt: commission.approvedAt!.toISOString() };
}

export function toCommissionPaid(commission: CommissionEntity): CommissionPaidV1 {
  return { ...toCommissionFacts(commission), reference: commission.reference, paidAt: commission.paidAt!.toISOString() };
}

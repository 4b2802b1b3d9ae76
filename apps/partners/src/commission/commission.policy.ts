import type { CommissionStatus, DealWonV1 } from '@saleswire/contracts';

/**
 * A partner's commission on a won deal: the deal's paid amount times the partner's rate at the moment the deal
 * was won, in the deal's currency, rounded to the cent half away from zero. Computed in whole cents and
 * ten-thousandths of the rate, so 0.1 + 0.2 style float errors never reach money.
 */
export function commissionAmount(baseAmount: number, rate: number): number {
  const cents = BigInt(Math.round(baseAmount * 100));
  const tenThousandths = BigInt(Math.round(rate * 10_000));
  return Number((cents * tenThousandths + 5_000n) / 10_000n) / 100;
}

export type Accrual = { accrues: true; partnerId: string; baseAmount: number; currency: string } | { accrues: false; why: string };

/**
 * Whether a won deal earns a commission: an indirect deal of a partner, with money paid. A direct deal, or a deal
 * won by hand with nothing paid (a pipeline without payments), earns none.
 */
export function accrualOf(deal: Pick<DealWonV1, 'channel' | 'partnerId' | 'paidAmount' | 'currency'>): Accrual {
  if (deal.channel !== 'indirect' || !deal.partnerId) return { accrues: false, why: 'a direct deal' };
  if (!(deal.paidAmount > 0) || !deal.currency) return { accrues: false, why: 'nothing was paid' };
  return { accrues: true, partnerId: deal.partnerId, baseAmount: deal.paidAmount, currency: deal.currency };
}

export type CommissionStep = 'approve' | 'pay';

const FROM: Readonly<Record<CommissionStep, CommissionStatus>> = { approve: 'accrued', pay: 'approved' };
const VERB: Readonly<Record<CommissionStep, string>> = { approve: 'approved', pay: 'paid' };

/** `accrued → approved → paid`: why the step may not be taken now, or null when it may. */
export function commissionStepRefusal(status: CommissionStatus, step: CommissionStep): string | null {
  return status === FROM[step] ? null : `The commission is ${status}; only an ${FROM[step]} commission can be ${VERB[step]}.`;
}

export const COMMISSION_STATUSES = ['accrued', 'approved', 'paid'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

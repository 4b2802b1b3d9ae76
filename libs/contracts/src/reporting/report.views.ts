import type { MoneyV1, ReportFreshnessV1 } from './report-filter.v1';

/** One stage of `GET /reports/funnel`. */
export interface FunnelStageV1 {
  code: string;
  name: string;
  semantics: 'open' | 'won' | 'lost';
  /** Deals that reached this stage or a later one (lost deals up to the stage they were lost from); for `lost`, the lost deals. */
  count: number;
  amount: MoneyV1[];
  /** count / the previous stage's count; null for the first stage, the lost stage, or a previous count of 0. */
  conversionFromPrevious: number | null;
  /** Mean days a deal stayed in the stage before it left it; null when none left it. */
  averageDaysInStage: number | null;
}

export interface FunnelReportV1 extends ReportFreshnessV1 {
  pipelineId: string;
  stages: FunnelStageV1[];
}

export interface NewVsRepeatV1 {
  deals: number;
  won: number;
  revenue: MoneyV1[];
}

export interface SummaryReportV1 extends ReportFreshnessV1 {
  /** won / (won + lost) of the deals closed in the period; null when none closed. */
  winRate: number | null;
  /** won amount / won count, per currency. */
  averageDealSize: MoneyV1[];
  /** Mean days from creation to won of the deals won in the period. */
  averageCycleDays: number | null;
  medianCycleDays: number | null;
  /** Amounts of the deals open at the end of the period (or `asOf`). */
  pipelineValue: MoneyV1[];
  /** Σ amount × stage probability / 100 of the open deals. */
  weightedPipeline: MoneyV1[];
  /** open deals × average deal size × win rate / average cycle days, per currency. */
  velocityPerDay: MoneyV1[];
  leads: number;
  deals: number;
  open: number;
  won: number;
  lost: number;
  revenue: MoneyV1[];
  newBusiness: NewVsRepeatV1;
  repeat: NewVsRepeatV1;
}

export interface ManagerRowV1 {
  ownerId: string | null;
  leads: number;
  deals: number;
  won: number;
  lost: number;
  revenue: MoneyV1[];
  winRate: number | null;
  openPipeline: MoneyV1[];
  /** The plans of the months of the period, per currency (null when the manager has none). */
  plan: MoneyV1[] | null;
  /** revenue / plan in the plan's currency; null without a plan or with a plan of 0. */
  planDone: number | null;
}

export interface ManagersReportV1 extends ReportFreshnessV1 {
  items: ManagerRowV1[];
  /** The department's figures against the department's plan (absent for a manager, who sees only their own). */
  department: { revenue: MoneyV1[]; plan: MoneyV1[] | null; planDone: number | null } | null;
}

export interface PartnerRowV1 {
  partnerId: string;
  registrations: number;
  approved: number;
  conflicts: number;
  deals: number;
  won: number;
  revenue: MoneyV1[];
  commissionsAccrued: MoneyV1[];
  commissionsPaid: MoneyV1[];
  /** Leads offered to the partner in the period (`lead-offer.made`). */
  offersMade: number;
  /** Offers the partner accepted, declined, or let lapse, decided in the period. */
  offersAccepted: number;
  offersDeclined: number;
  offersLapsed: number;
}

export interface PartnersReportV1 extends ReportFreshnessV1 {
  items: PartnerRowV1[];
}

export interface ForecastMonthV1 {
  /** `yyyy-mm` of the expected close date. */
  month: string;
  weighted: MoneyV1[];
  /** Open deals at a stage of probability ≥ 80. */
  commit: MoneyV1[];
  /** Open deals at a stage of probability ≥ 40 and < 80. */
  bestCase: MoneyV1[];
  /** The other open deals. */
  pipeline: MoneyV1[];
  /** Deals won in the month. */
  won: MoneyV1[];
}

export interface ForecastReportV1 extends ReportFreshnessV1 {
  months: ForecastMonthV1[];
}

/** A sales plan: a manager's, or the department's (`userId` null). */
export interface SalesPlanViewV1 {
  month: string;
  userId: string | null;
  amount: number;
  currency: string;
  version: number;
  updatedAt: string;
}

export interface SalesPlansV1 extends ReportFreshnessV1 {
  items: SalesPlanViewV1[];
}

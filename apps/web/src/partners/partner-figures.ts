// The channel manager's figures per partner (GET /reports/partners, the answer's PartnerRowV1) and the periods
// they are asked for. The report lists only partners with something in the period: the others get zeros here, so
// that every partner of the list has a row of figures.
import type { Money } from '../api/views';

export interface PartnerFigures {
  partnerId: string;
  /** Registrations submitted in the period, and of them with a channel conflict. */
  registrations: number;
  conflicts: number;
  /** Registrations approved in the period. */
  approved: number;
  /** The partner's deals opened and won in the period, and the won ones' revenue per currency. */
  deals: number;
  won: number;
  revenue: Money[];
  commissionsAccrued: Money[];
  commissionsPaid: Money[];
  /** Leads offered in the period; offers decided in the period. */
  offersMade: number;
  offersAccepted: number;
  offersDeclined: number;
  offersLapsed: number;
}

export interface PartnersReport {
  items: PartnerFigures[];
  /** The time of the newest event counted; null before any. */
  dataAsOf: string | null;
}

export function noFigures(partnerId: string): PartnerFigures {
  return {
    partnerId,
    registrations: 0,
    conflicts: 0,
    approved: 0,
    deals: 0,
    won: 0,
    revenue: [],
    commissionsAccrued: [],
    commissionsPaid: [],
    offersMade: 0,
    offersAccepted: 0,
    offersDeclined: 0,
    offersLapsed: 0,
  };
}

const byCurrency = (sums: Money[]): Money[] => [...sums].sort((a, b) => a.currency.localeCompare(b.currency));

/** The figures of a partner id: the report's row (its sums in currency order), or zeros for a partner it does not list. */
export function figuresLookup(report: PartnersReport | undefined): (partnerId: string) => PartnerFigures {
  const rows = new Map((report?.items ?? []).map((row) => [row.partnerId, row]));
  return (partnerId) => {
    const row = rows.get(partnerId);
    if (!row) return noFigures(partnerId);
    return { ...row, revenue: byCurrency(row.revenue), commissionsAccrued: byCurrency(row.commissionsAccrued), commissionsPaid: byCurrency(row.commissionsPaid) };
  };
}

/** Won of the deals opened in the period, as a fraction; null when none was opened (no rate to speak of). */
export function winShare(figures: PartnerFigures): number | null {
  return figures.deals > 0 ? figures.won / figures.deals : null;
}

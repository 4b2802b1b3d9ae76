// A partner's deals and commissions as tables: one component each, shown in the partner's own portal and on the
// channel manager's partner page (their words and links differ, the records and their columns do not).
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Link } from 'react-router';
import { read } from '../api/client';
import type { Deal, Page } from '../api/views';
import { useApi } from '../auth/session';
import { formatDate, formatDateTime, formatMoney, formatMoneyList, formatPercent, humanize } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { totalsByStatus } from './commission-totals';
import type { CommissionPage, DealRegistration } from './portal-views';

/** Where a page shows a partner's records: its cache key, its sentences, and whether a deal opens its own page. */
export interface PartnerRecordsProps {
  partnerId: string;
  /** The query's cache key: the portal's live feed refreshes its own keys. */
  queryKey: QueryKey;
  caption: string;
  empty: string;
  /** Whether each row opens the deal's page (the company's people have one; a partner's portal does not). */
  linkDeals?: boolean;
}

/** The partner's deals, newest first (`GET /deals?partnerId=`). */
export function PartnerDeals({ partnerId, queryKey, caption, empty, linkDeals = false }: PartnerRecordsProps) {
  const api = useApi();
  const deals = useQuery({
    queryKey,
    queryFn: () => read<Page<Deal>>(api.GET('/api/v1/deals', { params: { query: { partnerId, limit: 100 } as never } })),
  });
  return (
    <>
      {deals.isPending ? <Loading what="Loading the deals" /> : null}
      <ProblemMessage error={deals.error} />
      {deals.data?.items.length === 0 ? <Empty>{empty}</Empty> : null}
      {deals.data && deals.data.items.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Deals table">
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Deal</th>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Paid
                </th>
                <th scope="col">Expected close</th>
              </tr>
            </thead>
            <tbody>
              {deals.data.items.map((deal) => (
                <tr key={deal.id}>
                  <th scope="row">{linkDeals ? <Link to={`/deals/${deal.id}`}>{deal.title}</Link> : deal.title}</th>
                  <td>{humanize(deal.stage)}</td>
                  <td className="num">{formatMoney(deal.amount, deal.currency)}</td>
                  <td className="num">{formatMoney(deal.paidAmount ?? 0, deal.currency)}</td>
                  <td>{formatDate(deal.expectedCloseDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** The partner's commissions, newest first, under their totals by status and currency. */
export function PartnerCommissions({ partnerId, queryKey, caption, empty, linkDeals = false }: PartnerRecordsProps) {
  const api = useApi();
  const commissions = useQuery({
    queryKey,
    queryFn: () => read<CommissionPage>(api.GET('/api/v1/partners/{id}/commissions' as never, { params: { path: { id: partnerId }, query: { limit: 100 } } } as never)),
  });
  return (
    <>
      {commissions.isPending ? <Loading what="Loading the commissions" /> : null}
      <ProblemMessage error={commissions.error} />
      {commissions.data ? (
        <>
          <dl className="facts">
            {totalsByStatus(commissions.data.totals).map((total) => (
              <div key={total.status}>
                <dt>{humanize(total.status)}</dt>
                <dd>
                  {formatMoneyList(total.sums)} <small>({total.count})</small>
                </dd>
              </div>
            ))}
          </dl>
          {commissions.data.items.length === 0 ? <Empty>{empty}</Empty> : null}
          {commissions.data.items.length > 0 ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Commissions table">
              <table>
                <caption className="visually-hidden">{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">Won</th>
                    <th scope="col" className="num">
                      Paid amount
                    </th>
                    <th scope="col" className="num">
                      Rate
                    </th>
                    <th scope="col" className="num">
                      Commission
                    </th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {commissions.data.items.map((commission) => (
                    <tr key={commission.id}>
                      <td>{linkDeals ? <Link to={`/deals/${commission.dealId}`}>{formatDate(commission.wonAt)}</Link> : formatDate(commission.wonAt)}</td>
                      <td className="num">{formatMoney(commission.baseAmount, commission.currency)}</td>
                      <td className="num">{formatPercent(commission.rate)}</td>
                      <td className="num">{formatMoney(commission.amount, commission.currency)}</td>
                      <td>
                        <span className="badge">{humanize(commission.status)}</span>
                        {commission.paidAt ? <small> {formatDate(commission.paidAt)}</small> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** A registration's conflicts in words: "a lead matched on email; a deal matched on tax id". */
export function conflictWords(registration: DealRegistration): string {
  return registration.conflicts.map((conflict) => `a ${conflict.kind} matched on ${humanize(conflict.matchedOn)}`).join('; ');
}

/** One deal registration as a table row: its deal, customer, amount, status, conflicts and decision. */
export function RegistrationRow({ registration, linkDeal = false }: { registration: DealRegistration; linkDeal?: boolean }) {
  return (
    <tr>
      <th scope="row">{registration.title}</th>
      <td>{registration.customer.name}</td>
      <td className="num">
        {formatMoney(registration.expectedAmount, registration.currency)}
        <br />
        <small>by {formatDate(registration.expectedCloseDate)}</small>
      </td>
      <td>
        <span className="badge">{humanize(registration.status)}</span>
      </td>
      <td>{registration.conflicts.length === 0 ? 'None' : conflictWords(registration)}</td>
      <td>
        {registration.status === 'approved' && registration.protectedUntil ? `Protected until ${formatDate(registration.protectedUntil)}` : null}
        {registration.decisionReason ? <span> {registration.decisionReason}</span> : null}
        {registration.decidedAt ? <small> · {formatDateTime(registration.decidedAt)}</small> : null}
        {linkDeal && registration.dealId ? (
          <>
            {' '}
            <Link to={`/deals/${registration.dealId}`}>Open the deal</Link>
          </>
        ) : null}
        {registration.status === 'submitted' ? 'Waiting for a decision' : null}
      </td>
    </tr>
  );
}

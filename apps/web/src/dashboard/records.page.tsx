// The deals behind a figure of the dashboard: GET /deals with the figure's filters (pipeline, status, owner,
// channel, period) from the URL, keyset paged; each deal opens its page.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { read } from '../api/client';
import type { Deal, Page } from '../api/views';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime, formatMoney, humanize } from '../shared/format';
import { Pager, useCursorPages } from '../shared/paging';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { useUserNames, type NameOf } from '../shared/user-names';

const FILTERS = ['pipelineId', 'status', 'stage', 'ownerId', 'channel', 'direction', 'partnerId', 'createdFrom', 'createdTo', 'expectedCloseFrom', 'expectedCloseTo'] as const;

export function recordFilters(params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The filters in words, for the page's heading: "won · owner: Mia Manager · opened from Mar 1, 2026". */
export function describeFilters(filters: Record<string, string>, nameOf: NameOf): string {
  const words: string[] = [];
  if (filters.status) words.push(humanize(filters.status));
  if (filters.stage) words.push(`in ${humanize(filters.stage)}`);
  if (filters.channel) words.push(filters.channel);
  if (filters.direction) words.push(filters.direction);
  if (filters.ownerId) words.push(`owner: ${nameOf(filters.ownerId)}`);
  if (filters.createdFrom) words.push(`opened from ${formatDate(filters.createdFrom)}`);
  if (filters.createdTo) words.push(`before ${formatDate(filters.createdTo)}`);
  if (filters.expectedCloseFrom) words.push(`expected to close from ${formatDate(filters.expectedCloseFrom)}`);
  if (filters.expectedCloseTo) words.push(`before ${formatDate(filters.expectedCloseTo)}`);
  return words.length ? words.join(' · ') : 'all deals';
}

export default function DashboardRecordsPage() {
  const { api, user } = useSession();
  const [params] = useSearchParams();
  const filters = recordFilters(params);
  const pages = useCursorPages();
  const nameOf = useUserNames(api, user);
  const deals = useQuery({
    queryKey: ['dashboard-records', filters, pages.cursor],
    queryFn: () => read<Page<Deal>>(api.GET('/api/v1/deals', { params: { query: { ...filters, limit: 50, cursor: pages.cursor } as never } })),
    placeholderData: (previous) => previous,
  });
  return (
    <section>
      <div className="page-head">
        <h1>Deals behind the figure</h1>
        <Link to="/dashboard">Back to the dashboard</Link>
      </div>
      <p>{describeFilters(filters, nameOf)}</p>
      {deals.isPending ? <Loading what="Loading deals" /> : null}
      <ProblemMessage error={deals.error} />
      {deals.data && deals.data.items.length === 0 ? <Empty>No deals match this figure.</Empty> : null}
      {deals.data && deals.data.items.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Deals, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Deal</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Owner</th>
                  <th scope="col" className="num">Amount</th>
                  <th scope="col">Expected close</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {deals.data.items.map((deal) => (
                  <tr key={deal.id}>
                    <td>
                      <Link to={`/deals/${deal.id}`}>{deal.title}</Link>
                    </td>
                    <td>{humanize(deal.stage)}</td>
                    <td>{nameOf(deal.ownerId)}</td>
                    <td className="num">{formatMoney(deal.amount, deal.currency)}</td>
                    <td>{formatDate(deal.expectedCloseDate)}</td>
                    <td>{formatDateTime(deal.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={pages.page} nextCursor={deals.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      ) : null}
    </section>
  );
}

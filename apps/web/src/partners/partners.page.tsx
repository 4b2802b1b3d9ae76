import { useQuery } from '@tanstack/react-query';
import { read } from '../api/client';
import type { Page } from '../api/views';
import { useApi } from '../auth/session';
import { formatPercent, humanize } from '../shared/format';
import { Pager, useCursorPages } from '../shared/paging';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';

interface Partner {
  id: string;
  name: string;
  kind: string;
  tier: string;
  status: string;
  territories: string[];
  commissionRate: number;
}

/** The channel manager's start: the partners (GET /partners), keyset-paged. */
export default function PartnersPage() {
  const api = useApi();
  const pages = useCursorPages();
  const partners = useQuery({
    queryKey: ['partners', pages.cursor],
    queryFn: () => read<Page<Partner>>(api.GET('/api/v1/partners', { params: { query: { limit: 50, cursor: pages.cursor } as never } })),
  });
  return (
    <section>
      <h1>Partners</h1>
      {partners.isPending ? <Loading what="Loading the partners" /> : null}
      <ProblemMessage error={partners.error} />
      {partners.data && partners.data.items.length === 0 ? <Empty>No partners yet.</Empty> : null}
      {partners.data && partners.data.items.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Status</th>
                  <th scope="col">Territories</th>
                  <th scope="col" className="num">
                    Commission
                  </th>
                </tr>
              </thead>
              <tbody>
                {partners.data.items.map((partner) => (
                  <tr key={partner.id}>
                    <td>{partner.name}</td>
                    <td>{humanize(partner.kind)}</td>
                    <td>{partner.tier}</td>
                    <td>{humanize(partner.status)}</td>
                    <td>{partner.territories.join(', ')}</td>
                    <td className="num">{formatPercent(partner.commissionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={pages.page} nextCursor={partners.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      ) : null}
    </section>
  );
}

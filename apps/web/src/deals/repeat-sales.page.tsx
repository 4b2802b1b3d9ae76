import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { read } from '../api/client';
import type { RepeatSaleDue } from '../api/views';
import { useApi } from '../auth/session';
import { SelectField } from '../shared/fields';
import { formatDate } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';

/** Customers whose next purchase is due (GET /repeat-sales/due): their rhythm and the repeat deal opened for it. */
export default function RepeatSalesPage() {
  const api = useApi();
  const [withinDays, setWithinDays] = useState('30');
  const due = useQuery({
    queryKey: ['repeat-sales', withinDays],
    queryFn: () => read<RepeatSaleDue[] | { items: RepeatSaleDue[] }>(api.GET('/api/v1/repeat-sales/due', { params: { query: { withinDays: Number(withinDays) } as never } })),
  });
  const items = due.data ? (Array.isArray(due.data) ? due.data : due.data.items) : [];
  return (
    <section>
      <div className="page-head">
        <h1>Repeat sales due</h1>
        <SelectField
          label="Due within"
          name="withinDays"
          value={withinDays}
          onChange={(event) => setWithinDays(event.target.value)}
          options={['7', '14', '30', '60', '90'].map((days) => ({ value: days, label: `${days} days` }))}
        />
      </div>
      {due.isPending ? <Loading what="Loading the customers due" /> : null}
      <ProblemMessage error={due.error} />
      {due.data && items.length === 0 ? <Empty>No customer is due for a purchase in this time.</Empty> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Last purchase</th>
                <th scope="col" className="num">
                  Purchases
                </th>
                <th scope="col" className="num">
                  Every (median)
                </th>
                <th scope="col">Next expected</th>
                <th scope="col">Repeat deal</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.customerId}>
                  <td>{item.customerId.slice(0, 8)}</td>
                  <td>{formatDate(item.lastPurchaseAt)}</td>
                  <td className="num">{item.purchases}</td>
                  <td className="num">{Math.round(item.medianIntervalDays)} days</td>
                  <td>{formatDate(item.nextExpectedAt)}</td>
                  <td>{item.dealId ? <Link to={`/deals/${item.dealId}`}>Open the deal</Link> : 'not yet opened'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

import { NotFoundProblem } from '@saleswire/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { read } from '../api/client';
import type { CustomerHistory, Deal, Payment, Pipeline } from '../api/views';
import { useSession } from '../auth/session';
import { formatDate, formatDateTime, formatMoney, humanize, missingPartsSentence } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { useUserNames } from '../shared/user-names';
import { getDeal, listPipelines } from './deal-queries';
import { PaymentForm } from './payment-form';

interface StageEntry {
  fromStage: string | null;
  toStage: string;
  reason: string | null;
  changedAt: string;
}
type DealDetails = Deal & { stageSemantics?: string; stageHistory?: StageEntry[]; lostReason?: string | null; wonAt?: string | null };

export default function DealPage() {
  const { id = '' } = useParams();
  const { api, user } = useSession();
  const queries = useQueryClient();
  const nameOf = useUserNames(api, user);
  const deal = useQuery({
    queryKey: ['deal', id],
    queryFn: () => getDeal(api, id) as Promise<DealDetails>,
    // A deal opened by converting a lead reaches the deals service through an event: for a few seconds after
    // the conversion it is not there yet, so a 404 is asked again a few times before it is shown.
    retry: (failures, error) => error instanceof NotFoundProblem && failures < 15,
    retryDelay: 1000,
  });
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => listPipelines(api) });
  const customerId = deal.data?.customerId;
  const history = useQuery({
    queryKey: ['customer-history', customerId],
    enabled: customerId !== undefined,
    queryFn: () => read<CustomerHistory>(api.GET('/api/v1/customers/{id}/history', { params: { path: { id: customerId! } } })),
  });

  if (deal.isPending) return <Loading what={deal.failureCount > 0 ? 'The deal is being opened' : 'Loading the deal'} />;
  if (deal.error) return <ProblemMessage error={deal.error} />;
  const view = deal.data;
  const pipeline: Pipeline | undefined = pipelines.data?.find((candidate) => candidate.id === view.pipelineId);
  const stageName = (code: string | null) => (code ? (pipeline?.stages.find((stage) => stage.code === code)?.name ?? humanize(code)) : '—');
  const payments: Payment[] = (history.data?.payments ?? []).filter((payment) => payment.dealId === view.id);
  const paid = view.paidAmount ?? 0;
  const open = (view.status ?? 'open') === 'open';

  return (
    <section>
      <div className="page-head">
        <h1>{view.title}</h1>
        <Link to={`/deals?pipeline=${view.pipelineId}`}>Back to the board</Link>
      </div>
      <div className="columns">
        <div className="card">
          <h2>Deal</h2>
          <dl className="facts">
            <dt>Stage</dt>
            <dd>
              <span className="badge" data-testid="deal-stage">
                {stageName(view.stage)}
              </span>{' '}
              ({view.probability} %)
            </dd>
            <dt>Owner</dt>
            <dd data-testid="deal-owner">{nameOf(view.ownerId)}</dd>
            <dt>Status</dt>
            <dd data-testid="deal-status">{humanize(view.status ?? 'open')}</dd>
            <dt>Amount</dt>
            <dd>{view.amount != null && view.currency ? formatMoney(view.amount, view.currency) : '—'}</dd>
            <dt>Paid</dt>
            <dd data-testid="deal-paid">{view.currency ? formatMoney(paid, view.currency) : '—'}</dd>
            <dt>Channel</dt>
            <dd>{humanize(view.channel)}</dd>
            <dt>Type</dt>
            <dd>{humanize(view.type)}</dd>
            <dt>Expected close</dt>
            <dd>{formatDate(view.expectedCloseDate)}</dd>
            <dt>Repeat sale</dt>
            <dd>{view.isRepeat ? 'yes' : 'no'}</dd>
            {view.lostReason ? (
              <>
                <dt>Lost because</dt>
                <dd>{view.lostReason}</dd>
              </>
            ) : null}
          </dl>
          <h3>Team</h3>
          {view.team && view.team.length > 0 ? (
            <ul>
              {view.team.map((member, index) => (
                <li key={index}>
                  {humanize(member.role)}: {member.externalCompany ?? (member.partnerId ? `partner ${member.partnerId}` : member.userId ? `${nameOf(member.userId)}${member.userId === view.ownerId ? ' (the owner)' : ''}` : '—')}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>Only the owner works this deal.</Empty>
          )}
        </div>
        {open && view.amount != null && view.currency ? (
          <PaymentForm
            currency={view.currency}
            outstanding={Math.max(0, Math.round((view.amount - paid) * 100) / 100)}
            onSubmit={async (body) => {
              await api.POST('/api/v1/deals/{id}/payments', { params: { path: { id: view.id } }, body: body as never });
              await Promise.all([
                queries.invalidateQueries({ queryKey: ['deal', view.id] }),
                queries.invalidateQueries({ queryKey: ['customer-history', view.customerId] }),
                queries.invalidateQueries({ queryKey: ['deals'] }),
              ]);
            }}
          />
        ) : null}
      </div>

      <h2>Stage history</h2>
      {view.stageHistory && view.stageHistory.length > 0 ? (
        <ol className="history">
          {view.stageHistory.map((entry) => (
            <li key={`${entry.changedAt}-${entry.toStage}`}>
              <time dateTime={entry.changedAt}>{formatDateTime(entry.changedAt)}</time>: {entry.fromStage ? `${stageName(entry.fromStage)} → ` : ''}
              <strong>{stageName(entry.toStage)}</strong>
              {entry.reason ? ` — ${entry.reason}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <Empty>No stage changes yet.</Empty>
      )}

      <h2>Payments</h2>
      {history.isPending ? <Loading what="Loading the payments" /> : null}
      {payments.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Paid on</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((payment) => (
                <tr key={payment.id}>
                  <td>{formatDate(payment.paidAt)}</td>
                  <td className="num">{formatMoney(payment.amount, payment.currency)}</td>
                  <td>{payment.reference ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : history.data ? (
        <Empty>No payments yet.</Empty>
      ) : null}

      <h2>The customer's history</h2>
      <ProblemMessage error={history.error} />
      {history.data?.warnings?.length ? <p className="notice">{missingPartsSentence('Part of the history is', history.data.warnings)}</p> : null}
      {history.data ? (
        <div className="columns">
          <div className="card">
            <h3>{history.data.customer?.name ?? 'Customer'}</h3>
            <h4>Deals</h4>
            {(history.data.deals ?? []).length === 0 ? (
              <Empty>No deals.</Empty>
            ) : (
              <ul>
                {(history.data.deals ?? []).map((other) => (
                  <li key={other.id}>
                    <Link to={`/deals/${other.id}`}>{other.title}</Link> — {humanize(other.status ?? other.stage)}, {other.amount != null && other.currency ? formatMoney(other.amount, other.currency) : '—'}
                  </li>
                ))}
              </ul>
            )}
            <h4>Leads</h4>
            {(history.data.leads ?? []).length === 0 ? (
              <Empty>No leads.</Empty>
            ) : (
              <ul>
                {(history.data.leads ?? []).map((lead) => (
                  <li key={lead.id}>
                    <Link to={`/leads/${lead.id}`}>{lead.contact.name}</Link> — {humanize(lead.status)}, {formatDate(lead.createdAt)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}

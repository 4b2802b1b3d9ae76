import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { read } from '../api/client';
import type { Lead } from '../api/views';
import { listPipelines } from '../deals/deal-queries';
import { useApi, useSession } from '../auth/session';
import { SelectField, TextField } from '../shared/fields';
import { formatDateTime, formatMoney, humanize } from '../shared/format';
import { fieldErrors, ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { useUserNames } from '../shared/user-names';

interface StatusEntry {
  from: string | null;
  to: string;
  reason: string | null;
  changedAt: string;
}
type LeadDetails = Lead & { statusReason?: string | null; convertedAt?: string | null; statusHistory?: StatusEntry[] };

/** The statuses a lead may be moved to by hand from where it is (the API has the last word). */
const NEXT_STATUSES: Record<string, string[]> = {
  new: ['in_progress', 'qualified', 'junk'],
  in_progress: ['qualified', 'junk'],
  qualified: ['in_progress', 'junk'],
  junk: ['in_progress'],
  converted: [],
};

export default function LeadPage() {
  const { id = '' } = useParams();
  const { api, user } = useSession();
  const nameOf = useUserNames(api, user);
  const lead = useQuery({
    queryKey: ['lead', id],
    queryFn: () => read<LeadDetails>(api.GET('/api/v1/leads/{id}', { params: { path: { id } } })),
  });

  if (lead.isPending) return <Loading what="Loading the lead" />;
  if (lead.error) return <ProblemMessage error={lead.error} />;
  const view = lead.data;
  return (
    <section>
      <div className="page-head">
        <h1>{view.contact.name}</h1>
        <Link to="/leads">Back to the leads</Link>
      </div>
      <div className="columns">
        <div className="card">
          <h2>Lead</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className="badge" data-testid="lead-status">
                {humanize(view.status)}
              </span>
              {view.statusReason ? ` — ${view.statusReason}` : ''}
            </dd>
            <dt>Company</dt>
            <dd>{view.company?.name ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{view.contact.email ?? '—'}</dd>
            <dt>Phone</dt>
            <dd>{view.contact.phone ?? '—'}</dd>
            <dt>Source</dt>
            <dd>
              {humanize(view.source)} ({view.direction})
            </dd>
            <dt>Assignee</dt>
            <dd data-testid="lead-assignee">{nameOf(view.assigneeId)}</dd>
            <dt>Region</dt>
            <dd>{view.region ?? '—'}</dd>
            <dt>Expected</dt>
            <dd>{view.expectedAmount != null && view.currency ? formatMoney(view.expectedAmount, view.currency) : '—'}</dd>
            <dt>Repeat customer</dt>
            <dd>{view.isRepeat ? 'yes' : 'no'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(view.createdAt)}</dd>
            {view.dealId ? (
              <>
                <dt>Deal</dt>
                <dd>
                  <Link to={`/deals/${view.dealId}`}>Open the deal</Link>
                </dd>
              </>
            ) : null}
          </dl>
        </div>
        {view.status !== 'converted' ? <StatusChange lead={view} /> : null}
        {view.status === 'qualified' ? <Convert lead={view} /> : null}
      </div>
      <h2>History</h2>
      {view.statusHistory && view.statusHistory.length > 0 ? (
        <ol className="history">
          {view.statusHistory.map((entry) => (
            <li key={`${entry.changedAt}-${entry.to}`}>
              <time dateTime={entry.changedAt}>{formatDateTime(entry.changedAt)}</time>: {entry.from ? `${humanize(entry.from)} → ` : ''}
              <strong>{humanize(entry.to)}</strong>
              {entry.reason ? ` — ${entry.reason}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <Empty>No status changes yet.</Empty>
      )}
    </section>
  );
}

function StatusChange({ lead }: { lead: LeadDetails }) {
  const api = useApi();
  const queries = useQueryClient();
  const choices = NEXT_STATUSES[lead.status] ?? [];
  const [status, setStatus] = useState(choices[0] ?? '');
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: () =>
      read<Lead>(api.POST('/api/v1/leads/{id}/status', { params: { path: { id: lead.id } }, body: { status, ...(reason.trim() ? { reason: reason.trim() } : {}) } as never })),
    onSuccess: async () => {
      setReason('');
      await queries.invalidateQueries({ queryKey: ['lead', lead.id] });
      await queries.invalidateQueries({ queryKey: ['leads'] });
    },
  });
  const errors = fieldErrors(change.error);
  if (choices.length === 0) return null;
  return (
    <form
      className="card form"
      aria-label="Change the status"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        change.mutate();
      }}
    >
      <h2>Change the status</h2>
      <SelectField label="New status" name="status" value={status} onChange={(e) => setStatus(e.target.value)} options={choices.map((code) => ({ value: code, label: humanize(code) }))} error={errors.status} />
      <TextField label="Reason" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} hint={status === 'junk' ? 'Say why the lead is junk.' : undefined} />
      <ProblemMessage error={change.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={change.isPending || !status}>
          Change status
        </button>
      </div>
    </form>
  );
}

function Convert({ lead }: { lead: LeadDetails }) {
  const api = useApi();
  const queries = useQueryClient();
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => listPipelines(api) });
  const pipelineList = pipelines.data ?? [];
  const [title, setTitle] = useState(lead.title ?? lead.company?.name ?? lead.contact.name);
  const [amount, setAmount] = useState(lead.expectedAmount != null ? String(lead.expectedAmount) : '');
  const [currency, setCurrency] = useState(lead.currency ?? 'EUR');
  const [pipelineId, setPipelineId] = useState('');
  const convert = useMutation({
    mutationFn: () => {
      const body = {
        title: title.trim() || undefined,
        amount: amount.trim() ? Number(amount.replace(',', '.')) : undefined,
        currency: amount.trim() ? currency.trim().toUpperCase() : undefined,
        pipelineId: pipelineId || undefined,
      };
      return read<{ dealId: string; customerId: string }>(api.POST('/api/v1/leads/{id}/convert', { params: { path: { id: lead.id } }, body: JSON.parse(JSON.stringify(body)) }));
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['lead', lead.id] });
      await queries.invalidateQueries({ queryKey: ['deals'] });
    },
  });
  const errors = fieldErrors(convert.error);
  return (
    <form
      className="card form"
      aria-label="Convert to a deal"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        convert.mutate();
      }}
    >
      <h2>Convert to a deal</h2>
      <TextField label="Deal title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
      <TextField label="Deal amount" name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={errors.amount} />
      <TextField label="Deal currency" name="currency" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.currency} />
      <SelectField
        label="Pipeline"
        name="pipelineId"
        value={pipelineId}
        onChange={(e) => setPipelineId(e.target.value)}
        options={[{ value: '', label: 'The default pipeline' }, ...pipelineList.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))]}
        error={errors.pipelineId}
      />
      <ProblemMessage error={convert.error} />
      {convert.data ? (
        <p className="success" role="status">
          Converted. <Link to={`/deals/${convert.data.dealId}`}>Open the deal</Link>
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={convert.isPending}>
          Convert
        </button>
      </div>
    </form>
  );
}

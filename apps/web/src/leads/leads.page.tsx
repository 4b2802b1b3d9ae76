import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { read } from '../api/client';
import { LEAD_SOURCES, LEAD_STATUSES, type Lead, type Page } from '../api/views';
import { useSession } from '../auth/session';
import { codeOptions, SelectField, TextField } from '../shared/fields';
import { formatDateTime, formatMoney, humanize } from '../shared/format';
import { Pager, useCursorPages } from '../shared/paging';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { namesFrom, useDirectory, usersOf } from '../shared/user-names';
import { filtersFrom, searchOf, type LeadFilters } from './lead-filters';

const PAGE_SIZE = 25;

interface MarketingEvent {
  id: string;
  name: string;
}

export default function LeadsPage() {
  const { api, user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [draft, setDraft] = useState<LeadFilters>(filters);
  const pages = useCursorPages();
  const directory = useDirectory(api, user).data;
  const nameOf = namesFrom(directory, user.id);

  const events = useQuery({
    queryKey: ['marketing-events'],
    queryFn: () => read<Page<MarketingEvent>>(api.GET('/api/v1/marketing-events', { params: { query: { limit: 500 } as never } })),
  });
  const leads = useQuery({
    queryKey: ['leads', filters, pages.cursor],
    queryFn: () => read<Page<Lead>>(api.GET('/api/v1/leads', { params: { query: { ...filters, limit: PAGE_SIZE, cursor: pages.cursor } as never } })),
    placeholderData: (previous) => previous,
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    pages.reset();
    setParams(searchOf(draft));
  }
  const set = (name: keyof LeadFilters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value }));

  const assignees = [
    { value: '', label: 'Anyone' },
    { value: user.id, label: 'Me' },
    ...usersOf(directory, ['manager', 'head_of_sales']).filter((entry) => entry.id !== user.id).map((entry) => ({ value: entry.id, label: entry.name })),
  ];

  return (
    <section>
      <div className="page-head">
        <h1>Leads</h1>
        <div className="actions">
          <Link className="button" to="/leads/import">
            Import a CSV
          </Link>
          <Link className="button primary" to="/leads/new">
            New lead
          </Link>
        </div>
      </div>
      <form className="card filters form" onSubmit={apply} aria-label="Filter the leads">
        <div className="form-grid">
          <TextField label="Search" name="q" type="search" placeholder="Name, email, company" value={draft.q ?? ''} onChange={set('q')} />
          <SelectField label="Status" name="status" value={draft.status ?? ''} onChange={set('status')} options={codeOptions(LEAD_STATUSES, 'Any status')} />
          <SelectField label="Source" name="source" value={draft.source ?? ''} onChange={set('source')} options={codeOptions(LEAD_SOURCES, 'Any source')} />
          <SelectField
            label="Marketing event"
            name="marketingEventId"
            value={draft.marketingEventId ?? ''}
            onChange={set('marketingEventId')}
            options={[{ value: '', label: 'Any event' }, ...(events.data?.items ?? []).map((event) => ({ value: event.id, label: event.name }))]}
          />
          <SelectField label="Assignee" name="ownerId" value={draft.ownerId ?? ''} onChange={set('ownerId')} options={assignees} />
          <TextField label="Region" name="region" placeholder="DE or DE-BY" value={draft.region ?? ''} onChange={set('region')} />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft({});
              pages.reset();
              setParams(new URLSearchParams());
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
      {leads.isPending ? <Loading what="Loading leads" /> : null}
      <ProblemMessage error={leads.error} />
      {leads.data && leads.data.items.length === 0 ? <Empty>No leads match these filters.</Empty> : null}
      {leads.data && leads.data.items.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Leads, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Contact</th>
                  <th scope="col">Company</th>
                  <th scope="col">Status</th>
                  <th scope="col">Source</th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Region</th>
                  <th scope="col" className="num">
                    Expected
                  </th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {leads.data.items.map((lead) => (
                  <tr key={lead.id}>
                    <td>
                      <Link to={`/leads/${lead.id}`}>{lead.contact.name}</Link>
                      {lead.isRepeat ? <span className="badge"> repeat</span> : null}
                    </td>
                    <td>{lead.company?.name ?? '—'}</td>
                    <td>
                      <span className="badge">{humanize(lead.status)}</span>
                    </td>
                    <td>{humanize(lead.source)}</td>
                    <td>{nameOf(lead.assigneeId)}</td>
                    <td>{lead.region ?? '—'}</td>
                    <td className="num">{lead.expectedAmount != null && lead.currency ? formatMoney(lead.expectedAmount, lead.currency) : '—'}</td>
                    <td>{formatDateTime(lead.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={pages.page} nextCursor={leads.data.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      ) : null}
    </section>
  );
}

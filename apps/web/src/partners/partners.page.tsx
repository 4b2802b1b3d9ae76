// The channel manager's start (issue 13): every partner with its status and its figures for a period — deal
// registrations (approved, in conflict), lead offers (accepted, declined), deals won and their revenue,
// commissions accrued and paid — from two requests, the partners (GET /partners, keyset-paged) and the partners
// report (GET /reports/partners). Each partner opens its own page with its registrations, deals and commissions.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { read } from '../api/client';
import type { Page } from '../api/views';
import { useApi } from '../auth/session';
import { SelectField, TextField } from '../shared/fields';
import { formatDate, formatDateTime, formatMoneyList, formatPercent, humanize } from '../shared/format';
import { Pager, useCursorPages } from '../shared/paging';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { figuresLookup, winShare, type PartnerFigures, type PartnersReport } from './partner-figures';
import { figuresQuery, PARTNER_STATUS_OPTIONS, partnersFiltersFrom, partnersQuery, partnersSearchOf, periodPresets, periodSearch, periodWords, type PartnersFilters, type Period } from './partner-filters';
import type { PartnerView } from './partner-views';
import { StatusBadge } from './status-badge';
import '../dashboard/dashboard.css';

const PAGE_SIZE = 50;

export default function PartnersPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filters = partnersFiltersFrom(params);
  const period: Period = { from: filters.from, to: filters.to };
  const pages = useCursorPages();

  const partners = useQuery({
    queryKey: ['partners', partnersQuery(filters), pages.cursor],
    queryFn: () => read<Page<PartnerView>>(api.GET('/api/v1/partners', { params: { query: { ...partnersQuery(filters), limit: PAGE_SIZE, cursor: pages.cursor } as never } })),
    placeholderData: (previous) => previous,
  });
  const report = useQuery({
    queryKey: ['reports', 'partners', figuresQuery(period)],
    queryFn: () => read<PartnersReport>(api.GET('/api/v1/reports/partners', { params: { query: figuresQuery(period) as never } })),
    placeholderData: (previous) => previous,
  });
  // Without the report (loading, failed) the figures are unknown, not zero.
  const figuresOf = report.data ? figuresLookup(report.data) : null;

  function apply(next: PartnersFilters) {
    pages.reset();
    setParams(partnersSearchOf(next));
  }

  const items = partners.data?.items ?? [];
  const filtered = Boolean(filters.q || filters.status);
  return (
    <section aria-labelledby="partners-title">
      <div className="page-head">
        <h1 id="partners-title">Partners</h1>
        {report.data?.dataAsOf ? <small>Figures as of {formatDateTime(report.data.dataAsOf)}</small> : null}
      </div>
      <FiltersForm key={params.toString()} filters={filters} onApply={apply} />
      {partners.isPending ? <Loading what="Loading the partners" /> : null}
      <ProblemMessage error={partners.error} prefix="The partners could not be loaded." />
      {/* Another period's figures stay on screen until this one's arrive: say that they are on their way. */}
      {report.isPending || report.isPlaceholderData ? <Loading what="Loading the figures" /> : null}
      <ProblemMessage error={report.error} prefix="The figures could not be loaded." />
      {report.error ? (
        <div className="actions">
          <button type="button" onClick={() => void report.refetch()} disabled={report.isFetching}>
            Load the figures again
          </button>
        </div>
      ) : null}
      {partners.data && items.length === 0 ? <Empty>{filtered ? 'No partners match these filters.' : 'No partners yet: an administrator or channel manager adds them through the API.'}</Empty> : null}
      {items.length > 0 ? (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Partners and their figures, scrolls sideways">
            <table className="partners-table">
              <caption className="visually-hidden">Partners and their figures for {periodWords(period, (day) => formatDate(day))}</caption>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">Registrations</th>
                  <th scope="col" className="num">Approved</th>
                  <th scope="col" className="num">Conflicts</th>
                  <th scope="col" className="num">Offers accepted</th>
                  <th scope="col" className="num">Offers declined</th>
                  <th scope="col" className="num">Deals won</th>
                  <th scope="col" className="num">Revenue</th>
                  <th scope="col" className="num">Commissions accrued</th>
                  <th scope="col" className="num">Commissions paid</th>
                </tr>
              </thead>
              <tbody>
                {items.map((partner) => (
                  <tr key={partner.id}>
                    <th scope="row">
                      <Link to={`/partners/${partner.id}${periodSearch(period)}`}>{partner.name}</Link>
                      <br />
                      <small>
                        {humanize(partner.tier)} {humanize(partner.kind)} · {partner.territories.join(', ')} · {formatPercent(partner.commissionRate)}
                      </small>
                    </th>
                    <td>
                      <StatusBadge status={partner.status} />
                    </td>
                    <FigureCells figures={figuresOf?.(partner.id) ?? null} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={pages.page} nextCursor={partners.data?.nextCursor} onNext={pages.next} onPrevious={pages.previous} />
        </>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void report.refetch()} disabled={report.isFetching}>
          {report.isFetching ? 'Loading the figures…' : 'Refresh the figures'}
        </button>
      </div>
    </section>
  );
}

const FIGURE_COLUMNS = 9;

/** The figures' cells of a partner's row; dashes while the report is unknown. */
function FigureCells({ figures }: { figures: PartnerFigures | null }) {
  if (!figures) {
    return (
      <>
        {Array.from({ length: FIGURE_COLUMNS }, (_, index) => (
          <td key={index} className="num">
            —
          </td>
        ))}
      </>
    );
  }
  const share = winShare(figures);
  return (
    <>
      <td className="num">{figures.registrations}</td>
      <td className="num">{figures.approved}</td>
      <td className="num">{figures.conflicts}</td>
      <td className="num">
        {figures.offersAccepted}
        {figures.offersMade > 0 ? <small> of {figures.offersMade} offered</small> : null}
      </td>
      <td className="num">
        {figures.offersDeclined}
        {figures.offersLapsed > 0 ? <small> + {figures.offersLapsed} lapsed</small> : null}
      </td>
      <td className="num">
        {figures.won}
        {share !== null ? <small> of {figures.deals} ({formatPercent(share)})</small> : null}
      </td>
      <td className="num">{formatMoneyList(figures.revenue)}</td>
      <td className="num">{formatMoneyList(figures.commissionsAccrued)}</td>
      <td className="num">{formatMoneyList(figures.commissionsPaid)}</td>
    </>
  );
}

/** Which partners and which period; a preset applies at once, the fields with "Apply". */
function FiltersForm({ filters, onApply }: { filters: PartnersFilters; onApply: (filters: PartnersFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const set = (name: keyof PartnersFilters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value || undefined }));
  function apply(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }
  return (
    <form className="card filters form" onSubmit={apply} aria-label="Filter the partners">
      <div className="form-grid">
        <TextField label="Search" name="q" type="search" placeholder="Partner name" value={draft.q ?? ''} onChange={set('q')} />
        <SelectField label="Status" name="status" value={draft.status ?? ''} onChange={set('status')} options={PARTNER_STATUS_OPTIONS} />
        <TextField label="Figures from" name="from" type="date" value={draft.from ?? ''} onChange={set('from')} />
        <TextField label="Figures to" name="to" type="date" value={draft.to ?? ''} onChange={set('to')} />
      </div>
      <div className="actions" role="group" aria-label="Period">
        {periodPresets(new Date()).map((preset) => {
          const current = (preset.period.from ?? '') === (filters.from ?? '') && (preset.period.to ?? '') === (filters.to ?? '');
          return (
            <button key={preset.label} type="button" aria-pressed={current} onClick={() => onApply({ ...draft, from: preset.period.from, to: preset.period.to })}>
              {preset.label}
            </button>
          );
        })}
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => onApply({})}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

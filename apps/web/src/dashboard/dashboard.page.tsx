// The head of sales' dashboard (issue 13): the department at a glance — the funnel with conversion, plan vs
// actual per manager, lead sources with cost and ROI, the forecast — filtered by period, channel and direction,
// each figure opening the records behind it; and setting a manager's plan. A manager sees their own figures
// (the API scopes every report to them).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Money } from '../api/views';
import { useSession } from '../auth/session';
import { SelectField, TextField, type Option } from '../shared/fields';
import { formatDateTime, formatMoneyList, formatPercent, humanize, missingPartsSentence } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { namesFrom, useDirectory, usersOf, type DirectoryEntry, type NameOf } from '../shared/user-names';
import { Chart } from './chart';
import { CHANNEL_OPTIONS, dashboardFiltersFrom, dashboardSearchOf, DIRECTION_OPTIONS, type DashboardFilters } from './dashboard-filters';
import { loadDashboard, type DashboardData, type ForecastReport, type FunnelReport, type LeadSourcesReport, type ManagersReport } from './dashboard-data';
import { forecastDealsHref, managerDealsHref, managerLeadsHref, sourceLeadsHref, stageDealsHref } from './figure-links';
import { forecastOption } from './forecast';
import { funnelOption, funnelSteps, lostCount, overallConversion } from './funnel';
import { PlanForm, type PlanInput } from './plan-form';
import './dashboard.css';

export default function DashboardPage() {
  const { api, user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = dashboardFiltersFrom(params);
  const isHead = user.role === 'head_of_sales' || user.role === 'admin';
  const queries = useQueryClient();
  const directory = useDirectory(api, user).data;
  const nameOf = namesFrom(directory, user.id);

  const dashboard = useQuery({
    queryKey: ['dashboard', filters],
    queryFn: () => loadDashboard(api, filters, isHead),
    placeholderData: (previous) => previous,
  });

  async function savePlan(input: PlanInput) {
    await api.PUT('/api/v1/sales-plans/{month}/{userId}' as never, { params: { path: { month: input.month, userId: input.userId } }, body: { amount: input.amount, currency: input.currency } } as never);
  }

  const data = dashboard.data;
  const warning = data ? missingPartsSentence('Some figures are', data.warnings) : null;
  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">{isHead ? 'Department dashboard' : 'My figures'}</h1>
        {data?.summary?.dataAsOf ? <small>Data as of {formatDateTime(data.summary.dataAsOf)}</small> : null}
      </div>
      <FiltersForm filters={filters} onApply={(next) => setParams(dashboardSearchOf(next))} />
      {dashboard.isPending ? <Loading what="Loading the figures" /> : null}
      <ProblemMessage error={dashboard.error} prefix="The dashboard could not be loaded." />
      {warning ? (
        <p className="notice" role="status">
          {warning}
        </p>
      ) : null}
      {warning || dashboard.error ? (
        <div className="actions">
          <button type="button" onClick={() => void dashboard.refetch()} disabled={dashboard.isFetching}>
            Load again
          </button>
        </div>
      ) : null}
      {data ? (
        <>
          <Summary data={data} />
          <div className="dashboard-grid">
            <FunnelSection funnel={data.funnel} filters={filters} />
            <ForecastSection forecast={data.forecast} filters={filters} />
          </div>
          <ManagersSection managers={data.managers} filters={filters} nameOf={nameOf} />
          {isHead ? <LeadSourcesSection leadSources={data.leadSources} /> : null}
          {isHead ? (
            <PlanForm
              key={[...(data.managers?.items ?? []).map((row) => row.ownerId), directory?.size].join()}
              managers={managerOptions(data.managers, usersOf(directory, ['manager']), nameOf)}
              currency={data.managers?.items.find((row) => row.plan?.length)?.plan?.[0]?.currency ?? data.summary?.revenue[0]?.currency ?? 'EUR'}
              save={savePlan}
              onSaved={() => queries.invalidateQueries({ queryKey: ['dashboard'] })}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The plan form's managers: the department's active managers by name, and anyone else the report has a row of. */
function managerOptions(managers: ManagersReport | null, department: DirectoryEntry[], nameOf: NameOf): Option[] {
  const options: Option[] = department.map((entry) => ({ value: entry.id, label: entry.name }));
  for (const row of managers?.items ?? []) {
    if (row.ownerId && !options.some((option) => option.value === row.ownerId)) options.push({ value: row.ownerId, label: nameOf(row.ownerId) });
  }
  return options;
}

function FiltersForm({ filters, onApply }: { filters: DashboardFilters; onApply: (filters: DashboardFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const set = (name: keyof DashboardFilters) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value || undefined }));
  function apply(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }
  return (
    <form className="card filters form" onSubmit={apply} aria-label="Filter the dashboard">
      <div className="form-grid">
        <TextField label="From" name="from" type="date" value={draft.from ?? ''} onChange={set('from')} />
        <TextField label="To" name="to" type="date" value={draft.to ?? ''} onChange={set('to')} />
        <SelectField label="Channel" name="channel" value={draft.channel ?? ''} onChange={set('channel')} options={CHANNEL_OPTIONS} />
        <SelectField label="Direction" name="direction" value={draft.direction ?? ''} onChange={set('direction')} options={DIRECTION_OPTIONS} />
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

function Summary({ data }: { data: DashboardData }) {
  const summary = data.summary;
  if (!summary) return null;
  const figures: Array<[string, string]> = [
    ['Revenue', formatMoneyList(summary.revenue)],
    ['Won deals', String(summary.won)],
    ['Win rate', formatPercent(summary.winRate)],
    ['Open pipeline', formatMoneyList(summary.pipelineValue)],
    ['Weighted pipeline', formatMoneyList(summary.weightedPipeline)],
    ['New leads', String(summary.leads)],
  ];
  return (
    <ul className="figures" aria-label="Summary">
      {figures.map(([label, value]) => (
        <li key={label}>
          <span>{label}</span>
          <span className="figure-value">{value}</span>
        </li>
      ))}
    </ul>
  );
}

function Missing({ what }: { what: string }) {
  return <Empty>{what} is not available right now.</Empty>;
}

function FunnelSection({ funnel, filters }: { funnel: FunnelReport | null; filters: DashboardFilters }) {
  const navigate = useNavigate();
  const steps = useMemo(() => (funnel ? funnelSteps(funnel.stages) : []), [funnel]);
  const option = useMemo(() => funnelOption(steps), [steps]);
  if (!funnel) return <section className="card" aria-labelledby="funnel-title"><h2 id="funnel-title">Funnel</h2><Missing what="The funnel" /></section>;
  const overall = overallConversion(steps);
  const lost = lostCount(funnel.stages);
  const semanticsOf = (code: string) => funnel.stages.find((stage) => stage.code === code)?.semantics ?? 'open';
  return (
    <section className="card" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Funnel</h2>
      {steps.every((step) => step.count === 0) ? (
        <Empty>No deals in this period yet.</Empty>
      ) : (
        <>
          <Chart
            option={option}
            label={`Funnel: ${steps.map((step) => step.label).join('; ')}`}
            onSelect={(item) => {
              const code = (item as { code?: string } | undefined)?.code;
              if (code) void navigate(stageDealsHref(funnel.pipelineId, semanticsOf(code), filters));
            }}
          />
          <p>
            From the first stage to the last: {formatPercent(overall)}. Lost: {lost}.
          </p>
        </>
      )}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Deals per stage and conversion from the previous stage</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" className="num">Deals</th>
              <th scope="col">Conversion</th>
              <th scope="col" className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => (
              <tr key={step.code}>
                <th scope="row">{step.name}</th>
                <td className="num">
                  <Link to={stageDealsHref(funnel.pipelineId, semanticsOf(step.code), filters)} aria-label={`${step.count} deals reached ${step.name}: open them`}>
                    {step.count}
                  </Link>
                </td>
                <td>{step.conversion ?? '—'}</td>
                <td className="num">{step.amount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ForecastSection({ forecast, filters }: { forecast: ForecastReport | null; filters: DashboardFilters }) {
  const option = useMemo(() => (forecast ? forecastOption(forecast.months) : null), [forecast]);
  return (
    <section className="card" aria-labelledby="forecast-title">
      <h2 id="forecast-title">Forecast</h2>
      {!forecast ? <Missing what="The forecast" /> : null}
      {forecast && forecast.months.length === 0 ? <Empty>No open deals with an expected close date.</Empty> : null}
      {forecast && forecast.months.length > 0 && option ? (
        <>
          <Chart option={option.option} size="short" label={`Forecast in ${option.currency ?? 'no currency'}: commit, best case and pipeline per month`} />
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Forecast per expected close month and category</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">Commit</th>
                  <th scope="col" className="num">Best case</th>
                  <th scope="col" className="num">Pipeline</th>
                  <th scope="col" className="num">Weighted</th>
                  <th scope="col" className="num">Won</th>
                </tr>
              </thead>
              <tbody>
                {forecast.months.map((month) => (
                  <tr key={month.month}>
                    <th scope="row">
                      <Link to={forecastDealsHref(filters, month.month)} aria-label={`${monthName(month.month)}: open the open deals expected to close then`}>
                        {monthName(month.month)}
                      </Link>
                    </th>
                    <MoneyCell sums={month.commit} />
                    <MoneyCell sums={month.bestCase} />
                    <MoneyCell sums={month.pipeline} />
                    <MoneyCell sums={month.weighted} />
                    <MoneyCell sums={month.won} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

function MoneyCell({ sums }: { sums: Money[] | null | undefined }) {
  return <td className="num">{formatMoneyList(sums ?? [])}</td>;
}

/** `2026-03` as the locale names the month: "Mar 2026". */
export function monthName(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' }).format(new Date(year, number - 1, 1));
}

function ManagersSection({ managers, filters, nameOf }: { managers: ManagersReport | null; filters: DashboardFilters; nameOf: NameOf }) {
  return (
    <section className="card" aria-labelledby="managers-title">
      <h2 id="managers-title">Plan vs actual</h2>
      {!managers ? <Missing what="Plan vs actual" /> : null}
      {managers && managers.items.length === 0 ? <Empty>No manager has leads or deals in this period.</Empty> : null}
      {managers && managers.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Per manager: leads, deals, won, revenue against the plan</caption>
            <thead>
              <tr>
                <th scope="col">Manager</th>
                <th scope="col" className="num">Leads</th>
                <th scope="col" className="num">Deals</th>
                <th scope="col" className="num">Won</th>
                <th scope="col" className="num">Revenue</th>
                <th scope="col" className="num">Plan</th>
                <th scope="col" className="num">Done</th>
              </tr>
            </thead>
            <tbody>
              {managers.items.map((row) => {
                const name = nameOf(row.ownerId);
                return (
                  <tr key={row.ownerId ?? 'none'}>
                    <th scope="row">{name}</th>
                    <td className="num">{row.ownerId ? <Link to={managerLeadsHref(row.ownerId)} aria-label={`${row.leads} leads of ${name}`}>{row.leads}</Link> : row.leads}</td>
                    <td className="num">{row.ownerId ? <Link to={managerDealsHref(row.ownerId, filters)} aria-label={`${row.deals} deals of ${name}`}>{row.deals}</Link> : row.deals}</td>
                    <td className="num">{row.ownerId ? <Link to={managerDealsHref(row.ownerId, filters, 'won')} aria-label={`${row.won} won deals of ${name}`}>{row.won}</Link> : row.won}</td>
                    <MoneyCell sums={row.revenue} />
                    <td className="num">{row.plan ? formatMoneyList(row.plan) : 'No plan'}</td>
                    <td className="num">
                      {row.planDone === null ? '—' : <meter min={0} max={1} value={Math.min(row.planDone, 1)} aria-label={`${name}: plan done`} />} {formatPercent(row.planDone)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            {managers.department ? (
              <tfoot>
                <tr>
                  <th scope="row">Department</th>
                  <td colSpan={3} />
                  <MoneyCell sums={managers.department.revenue} />
                  <td className="num">{managers.department.plan ? formatMoneyList(managers.department.plan) : 'No plan'}</td>
                  <td className="num">{formatPercent(managers.department.planDone)}</td>
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      ) : null}
    </section>
  );
}

function LeadSourcesSection({ leadSources }: { leadSources: LeadSourcesReport | null }) {
  return (
    <section className="card" aria-labelledby="sources-title">
      <h2 id="sources-title">Lead sources</h2>
      {!leadSources ? <Missing what="The lead sources" /> : null}
      {leadSources && leadSources.items.length === 0 ? <Empty>No leads in this period.</Empty> : null}
      {leadSources && leadSources.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Leads per source and marketing event, with cost and return</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col" className="num">Leads</th>
                <th scope="col" className="num">Converted</th>
                <th scope="col" className="num">Won</th>
                <th scope="col" className="num">Revenue</th>
                <th scope="col" className="num">Cost</th>
                <th scope="col" className="num">ROI</th>
              </tr>
            </thead>
            <tbody>
              {leadSources.items.map((row) => {
                const name = `${humanize(row.source)}${row.marketingEventId ? ' (event)' : ''}`;
                return (
                  <tr key={`${row.source}:${row.marketingEventId ?? ''}`}>
                    <th scope="row">{name}</th>
                    <td className="num">
                      <Link to={sourceLeadsHref(row.source, row.marketingEventId)} aria-label={`${row.leads} leads from ${name}`}>
                        {row.leads}
                      </Link>
                    </td>
                    <td className="num">{row.converted}</td>
                    <td className="num">{row.won}</td>
                    <MoneyCell sums={row.revenue} />
                    <MoneyCell sums={row.cost ? [row.cost] : []} />
                    <td className="num">{formatPercent(row.roi)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

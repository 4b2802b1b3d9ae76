// One partner as the channel manager works it (`/partners/{id}/{section}`): its status and terms, its figures
// for the period the list showed (GET /reports/partners?partnerId=), and a tab each for its deal registrations
// (deciding the submitted ones), its deals (indirect, GET /deals?partnerId=) and its commissions
// (GET /partners/{id}/commissions). A partner outside the caller's scope is a 404, and the page says so.
import { NotFoundProblem } from '@saleswire/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { read, type Api } from '../api/client';
import type { Page } from '../api/views';
import { useApi } from '../auth/session';
import { conflictWords, PartnerCommissions, PartnerDeals, RegistrationRow } from '../partner-portal/partner-records';
import type { DealRegistration } from '../partner-portal/portal-views';
import { formatDate, formatDateTime, formatMoney, formatMoneyList, formatPercent, humanize } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { NotFoundPage } from '../shell/layout';
import { figuresLookup, winShare, type PartnersReport } from './partner-figures';
import { figuresQuery, partnersFiltersFrom, periodSearch, periodWords, type Period } from './partner-filters';
import type { PartnerView } from './partner-views';
import { StatusBadge } from './status-badge';
import { RegistrationDecision, type Decision } from './registration-decision';
import '../dashboard/dashboard.css';

const SECTIONS = [
  { code: 'registrations', name: 'Deal registrations' },
  { code: 'deals', name: 'Deals' },
  { code: 'commissions', name: 'Commissions' },
] as const;
type Section = (typeof SECTIONS)[number]['code'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function PartnerPage() {
  const api = useApi();
  const { id = '', section = 'registrations' } = useParams();
  const [params] = useSearchParams();
  const { from, to } = partnersFiltersFrom(params);
  const period: Period = { from, to };
  const partner = useQuery({
    queryKey: ['partners', id],
    enabled: UUID.test(id),
    queryFn: () => read<PartnerView>(api.GET('/api/v1/partners/{id}', { params: { path: { id } } } as never)),
  });
  if (!UUID.test(id) || partner.error instanceof NotFoundProblem) return <NotFoundPage reason="There is no such partner." />;
  if (!SECTIONS.some((known) => known.code === section)) return <NotFoundPage reason="There is no such page of a partner." />;
  if (partner.isPending) return <Loading what="Loading the partner" />;
  if (partner.error) return <ProblemMessage error={partner.error} prefix="The partner could not be loaded." />;
  return <PartnerDetails partner={partner.data} section={section as Section} period={period} />;
}

function PartnerDetails({ partner, section, period }: { partner: PartnerView; section: Section; period: Period }) {
  const search = periodSearch(period);
  const current = SECTIONS.find((known) => known.code === section)!;
  return (
    <section aria-labelledby="partner-title">
      <div className="page-head">
        <h1 id="partner-title">{partner.name}</h1>
        <Link to={`/partners${search}`}>Back to the partners</Link>
      </div>
      <dl className="facts card">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={partner.status} />
          {partner.statusReason ? ` ${partner.statusReason}` : null}
          {partner.statusChangedAt ? <small> · since {formatDateTime(partner.statusChangedAt)}</small> : null}
        </dd>
        <dt>Kind and tier</dt>
        <dd>
          {humanize(partner.kind)}, {partner.tier}
        </dd>
        <dt>Territories</dt>
        <dd>{partner.territories.join(', ') || '—'}</dd>
        <dt>Commission</dt>
        <dd>{formatPercent(partner.commissionRate)} of the paid amount</dd>
        {partner.effectiveRoutingWeight !== undefined ? (
          <>
            <dt>Lead routing weight</dt>
            <dd>{partner.effectiveRoutingWeight === 0 ? '0 (never offered leads)' : partner.effectiveRoutingWeight}</dd>
          </>
        ) : null}
      </dl>
      <Figures partnerId={partner.id} period={period} />
      <nav aria-label="Partner">
        <ul className="tabs">
          {SECTIONS.map((known) => (
            <li key={known.code}>
              <Link to={`/partners/${partner.id}/${known.code}${search}`} aria-current={known.code === section ? 'page' : undefined}>
                {known.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div role="region" aria-labelledby="partner-section-title">
        <h2 id="partner-section-title" className="visually-hidden">
          {current.name}
        </h2>
        {section === 'registrations' ? <Registrations partnerId={partner.id} /> : null}
        {section === 'deals' ? <Deals partnerId={partner.id} /> : null}
        {section === 'commissions' ? <Commissions partnerId={partner.id} /> : null}
      </div>
    </section>
  );
}

/** The partner's row of the partners report for the period, as figures. */
function Figures({ partnerId, period }: { partnerId: string; period: Period }) {
  const api = useApi();
  const query = figuresQuery(period, partnerId);
  const report = useQuery({
    queryKey: ['reports', 'partners', query],
    queryFn: () => read<PartnersReport>(api.GET('/api/v1/reports/partners', { params: { query: query as never } })),
  });
  const words = periodWords(period, (day) => formatDate(day));
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">Figures, {words}</h2>
      {report.isPending ? <Loading what="Loading the figures" /> : null}
      <ProblemMessage error={report.error} prefix="The figures could not be loaded." />
      {report.data ? <FigureList report={report.data} partnerId={partnerId} /> : null}
    </section>
  );
}

function FigureList({ report, partnerId }: { report: PartnersReport; partnerId: string }) {
  const figures = figuresLookup(report)(partnerId);
  const share = winShare(figures);
  const list: Array<[string, string]> = [
    ['Registrations', `${figures.registrations} (${figures.approved} approved, ${figures.conflicts} in conflict)`],
    ['Lead offers', `${figures.offersMade} offered · ${figures.offersAccepted} accepted · ${figures.offersDeclined} declined · ${figures.offersLapsed} lapsed`],
    ['Deals won', `${figures.won} of ${figures.deals} opened${share === null ? '' : ` (${formatPercent(share)})`}`],
    ['Revenue', formatMoneyList(figures.revenue)],
    ['Commissions accrued', formatMoneyList(figures.commissionsAccrued)],
    ['Commissions paid', formatMoneyList(figures.commissionsPaid)],
  ];
  return (
    <>
      <ul className="figures" aria-label="Figures">
        {list.map(([label, value]) => (
          <li key={label}>
            <span>{label}</span>
            <span className="figure-value">{value}</span>
          </li>
        ))}
      </ul>
      {report.dataAsOf ? <small>As of {formatDateTime(report.dataAsOf)}</small> : null}
    </>
  );
}

function decide(api: Api, registrationId: string, decision: Decision) {
  const path = decision.kind === 'approve' ? '/api/v1/deal-registrations/{id}/approve' : '/api/v1/deal-registrations/{id}/reject';
  return read<DealRegistration>(api.POST(path as never, { params: { path: { id: registrationId } }, body: decision.body } as never));
}

function Registrations({ partnerId }: { partnerId: string }) {
  const api = useApi();
  const queries = useQueryClient();
  const key = ['partners', partnerId, 'registrations'];
  const registrations = useQuery({
    queryKey: key,
    queryFn: () => read<Page<DealRegistration>>(api.GET('/api/v1/deal-registrations', { params: { query: { partnerId, limit: 100 } as never } })),
  });
  const items = registrations.data?.items ?? [];
  const waiting = items.filter((registration) => registration.status === 'submitted');
  const decided = () => {
    void queries.invalidateQueries({ queryKey: key });
    // An approval opens a deal and changes the figures.
    void queries.invalidateQueries({ queryKey: ['partners', partnerId, 'deals'] });
    void queries.invalidateQueries({ queryKey: ['reports', 'partners'] });
  };
  return (
    <>
      {registrations.isPending ? <Loading what="Loading the registrations" /> : null}
      <ProblemMessage error={registrations.error} />
      {waiting.length > 0 ? (
        <section className="card" aria-labelledby="waiting-title">
          <h3 id="waiting-title">Waiting for your decision ({waiting.length})</h3>
          <ul className="offer-list">
            {waiting.map((registration) => (
              <li key={registration.id} className="card">
                <p>
                  <strong>{registration.title}</strong> for {registration.customer.name} · {formatMoney(registration.expectedAmount, registration.currency)} by {formatDate(registration.expectedCloseDate)}
                  {registration.conflict ? <span className="badge badge-warning"> conflict</span> : null}
                </p>
                {registration.conflicts.length > 0 ? <p>{conflictWords(registration)}</p> : null}
                <RegistrationDecision title={registration.title} conflict={registration.conflict} decide={(decision) => decide(api, registration.id, decision)} onDecided={decided} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {registrations.data && items.length === 0 ? <Empty>This partner has registered no deals yet.</Empty> : null}
      {items.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Deal registrations table">
          <table>
            <caption className="visually-hidden">The partner&apos;s deal registrations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Deal</th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Expected
                </th>
                <th scope="col">Status</th>
                <th scope="col">Conflicts</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((registration) => (
                <RegistrationRow key={registration.id} registration={registration} linkDeal />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function Deals({ partnerId }: { partnerId: string }) {
  return <PartnerDeals partnerId={partnerId} queryKey={['partners', partnerId, 'deals']} caption="The partner's deals, newest first" empty="No deals yet: an approved registration opens one." linkDeals />;
}

function Commissions({ partnerId }: { partnerId: string }) {
  return (
    <PartnerCommissions
      partnerId={partnerId}
      queryKey={['partners', partnerId, 'commissions']}
      caption="The partner's commissions, newest first"
      empty="No commissions yet: one accrues when the partner's deal is won."
      linkDeals
    />
  );
}

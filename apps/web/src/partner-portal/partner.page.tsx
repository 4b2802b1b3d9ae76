// A partner's portal (issue 13): its deal registrations, lead offers, deals and commissions, one tab a section
// (`/portal/{partnerId}/{section}`), kept current by the partner's live feed. Another partner's portal reads
// "not found": the API answers 404 for a partner outside the caller's scope, and the page says so.
import { NotFoundProblem } from '@saleswire/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { read, type Api } from '../api/client';
import type { Page } from '../api/views';
import { useSession } from '../auth/session';
import { formatDateTime, formatPercent, humanize } from '../shared/format';
import { ProblemMessage } from '../shared/problem';
import { Empty, Loading } from '../shared/states';
import { NotFoundPage } from '../shell/layout';
import { DeclineForm } from './decline-form';
import { usePartnerFeed } from './live-feed';
import { portalKey, SECTIONS, type DealRegistration, type LeadOffer, type Partner, type Section } from './portal-views';
import { PartnerCommissions, PartnerDeals, RegistrationRow } from './partner-records';
import { RegistrationForm, type RegistrationInput } from './registration-form';
import '../dashboard/dashboard.css';

export default function PartnerPortalPage() {
  const { api } = useSession();
  const { partnerId = '', section = 'registrations' } = useParams();
  const partner = useQuery({
    queryKey: portalKey(partnerId, 'partner'),
    queryFn: () => read<Partner>(api.GET('/api/v1/partners/{id}', { params: { path: { id: partnerId } } } as never)),
  });
  if (partner.error instanceof NotFoundProblem || !/^[0-9a-f-]{36}$/i.test(partnerId)) return <NotFoundPage reason="There is no such partner." />;
  if (!SECTIONS.some((known) => known.code === section)) return <NotFoundPage reason="There is no such page of the portal." />;
  if (partner.isPending) return <Loading what="Opening the portal" />;
  if (partner.error) return <ProblemMessage error={partner.error} />;
  return <Portal partner={partner.data} section={section as Section} />;
}

function Portal({ partner, section }: { partner: Partner; section: Section }) {
  const { client } = useSession();
  const feed = usePartnerFeed(client, partner.id);
  const current = SECTIONS.find((known) => known.code === section)!;
  return (
    <section aria-labelledby="portal-title">
      <div className="page-head">
        <h1 id="portal-title">{partner.name}</h1>
        <small>
          {humanize(partner.tier)} {humanize(partner.kind)} · commission {formatPercent(partner.commissionRate)} · {partner.territories.join(', ')}
        </small>
      </div>
      <nav aria-label="Portal">
        <ul className="tabs">
          {SECTIONS.map((known) => (
            <li key={known.code}>
              <Link to={`/portal/${partner.id}/${known.code}`} aria-current={known.code === section ? 'page' : undefined}>
                {known.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="portal-grid">
        <div aria-labelledby="section-title" role="region">
          <h2 id="section-title" className="visually-hidden">
            {current.name}
          </h2>
          {section === 'registrations' ? <Registrations partnerId={partner.id} /> : null}
          {section === 'offers' ? <Offers partnerId={partner.id} /> : null}
          {section === 'deals' ? <Deals partnerId={partner.id} /> : null}
          {section === 'commissions' ? <Commissions partnerId={partner.id} /> : null}
        </div>
        <aside className="card feed" aria-labelledby="feed-title">
          <h2 id="feed-title">Live feed</h2>
          <p role="status">{feed.state === 'live' ? 'Live: this page updates by itself.' : feed.state === 'connecting' ? 'Connecting…' : 'Live updates stopped; reload to resume.'}</p>
          {feed.items.length === 0 ? (
            <Empty>Nothing new since you opened the portal.</Empty>
          ) : (
            <ol aria-label="Latest events">
              {feed.items.map((item, index) => (
                <li key={item.id ?? `${item.type}-${index}`}>
                  {item.text}
                  {item.occurredAt ? <small> · {formatDateTime(item.occurredAt)}</small> : null}
                </li>
              ))}
            </ol>
          )}
        </aside>
      </div>
    </section>
  );
}

function submitRegistration(api: Api, partnerId: string, input: RegistrationInput) {
  return read<DealRegistration>(api.POST('/api/v1/partners/{id}/deal-registrations' as never, { params: { path: { id: partnerId } }, body: input } as never));
}

function Registrations({ partnerId }: { partnerId: string }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const registrations = useQuery({
    queryKey: portalKey(partnerId, 'registrations'),
    queryFn: () => read<Page<DealRegistration>>(api.GET('/api/v1/deal-registrations', { params: { query: { partnerId, limit: 100 } as never } })),
  });
  return (
    <>
      <RegistrationForm submit={(input) => submitRegistration(api, partnerId, input)} onSubmitted={() => void queries.invalidateQueries({ queryKey: portalKey(partnerId, 'registrations') })} />
      <section className="card" aria-labelledby="registrations-title">
        <h3 id="registrations-title">Your registrations</h3>
        {registrations.isPending ? <Loading what="Loading registrations" /> : null}
        <ProblemMessage error={registrations.error} />
        {registrations.data?.items.length === 0 ? <Empty>No deals registered yet: register your first above.</Empty> : null}
        {registrations.data && registrations.data.items.length > 0 ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Deal registrations table">
            <table>
              <caption className="visually-hidden">Deal registrations, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Deal</th>
                  <th scope="col">Customer</th>
                  <th scope="col" className="num">Expected</th>
                  <th scope="col">Status</th>
                  <th scope="col">Conflicts</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {registrations.data.items.map((registration) => (
                  <RegistrationRow key={registration.id} registration={registration} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

function Offers({ partnerId }: { partnerId: string }) {
  const { api } = useSession();
  const queries = useQueryClient();
  const [declining, setDeclining] = useState<string | null>(null);
  const offers = useQuery({
    queryKey: portalKey(partnerId, 'offers'),
    queryFn: () => read<Page<LeadOffer>>(api.GET('/api/v1/lead-offers', { params: { query: { partnerId, limit: 100 } as never } })),
  });
  const refresh = () => void queries.invalidateQueries({ queryKey: portalKey(partnerId, 'offers') });
  const accept = useMutation({
    mutationFn: (offer: LeadOffer) => read<LeadOffer>(api.POST('/api/v1/lead-offers/{id}/accept' as never, { params: { path: { id: offer.id } } } as never)),
    onSuccess: refresh,
  });
  const decline = (offer: LeadOffer, reason: string) => read<LeadOffer>(api.POST('/api/v1/lead-offers/{id}/decline' as never, { params: { path: { id: offer.id } }, body: { reason } } as never));
  return (
    <section className="card" aria-labelledby="offers-title">
      <h3 id="offers-title">Lead offers</h3>
      {offers.isPending ? <Loading what="Loading offers" /> : null}
      <ProblemMessage error={offers.error} />
      <ProblemMessage error={accept.error} prefix="The offer was not accepted." />
      {offers.data?.items.length === 0 ? <Empty>No leads offered to you yet. New ones appear here as they are offered.</Empty> : null}
      {offers.data && offers.data.items.length > 0 ? (
        <ul className="offer-list">
          {offers.data.items.map((offer) => {
            const label = `the lead in ${offer.region} offered ${formatDateTime(offer.offeredAt)}`;
            return (
              <li key={offer.id} className="card">
                <p>
                  <strong>Lead in {offer.region}</strong> · <span className="badge">{humanize(offer.status)}</span>
                  <br />
                  <small>
                    Offered {formatDateTime(offer.offeredAt)}
                    {offer.status === 'offered' ? ` · answer by ${formatDateTime(offer.expiresAt)}` : ''}
                    {offer.decidedAt ? ` · decided ${formatDateTime(offer.decidedAt)}` : ''}
                    {offer.reason ? ` · ${offer.reason}` : ''}
                  </small>
                </p>
                {offer.status === 'offered' && declining !== offer.id ? (
                  <div className="actions">
                    <button type="button" className="primary" disabled={accept.isPending} onClick={() => accept.mutate(offer)} aria-label={`Accept ${label}`}>
                      Accept
                    </button>
                    <button type="button" onClick={() => setDeclining(offer.id)} aria-label={`Decline ${label}`}>
                      Decline…
                    </button>
                  </div>
                ) : null}
                {declining === offer.id ? (
                  <DeclineForm
                    offerLabel={label}
                    decline={(reason) => decline(offer, reason)}
                    onCancel={() => setDeclining(null)}
                    onDeclined={() => {
                      setDeclining(null);
                      refresh();
                    }}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function Deals({ partnerId }: { partnerId: string }) {
  return (
    <section className="card" aria-labelledby="deals-title">
      <h3 id="deals-title">Your deals</h3>
      <PartnerDeals partnerId={partnerId} queryKey={portalKey(partnerId, 'deals')} caption="The partner's deals, newest first" empty="No deals yet: an approved registration opens one." />
    </section>
  );
}

function Commissions({ partnerId }: { partnerId: string }) {
  return (
    <section className="card" aria-labelledby="commissions-title">
      <h3 id="commissions-title">Commissions</h3>
      <PartnerCommissions partnerId={partnerId} queryKey={portalKey(partnerId, 'commissions')} caption="Commissions, newest first" empty="No commissions yet: one accrues when your deal is won." />
    </section>
  );
}

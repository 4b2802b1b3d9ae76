// Lead routing to partners (API.md: `GET|PUT /partner-routing`, channel managers and heads of sales): whether new
// leads of some sources are offered to the partners whose territory holds the lead's region, and how long an offer
// waits for an answer. Off on a fresh platform.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSaveForm } from '../shared/save-form';
import { read } from '../api/client';
import { LEAD_SOURCES, type LeadSource } from '../api/views';
import { useApi } from '../auth/session';
import { TextField } from '../shared/fields';
import { formatDateTime, humanize } from '../shared/format';
import { fieldErrors, ProblemMessage } from '../shared/problem';
import { Loading } from '../shared/states';

export interface RoutingSettings {
  enabled: boolean;
  sources: LeadSource[];
  offerHours: number;
  version?: number;
  updatedAt?: string | null;
}

const ROUTING_KEY = ['partner-routing'];

/** The PUT body, or the field errors that keep it from being sent (hours: a whole number from 1 to 720). */
export function routingBody(values: { enabled: boolean; sources: LeadSource[]; offerHours: string }): { body: RoutingSettings } | { errors: Record<string, string> } {
  const hours = Number(values.offerHours.trim());
  if (!Number.isInteger(hours) || hours < 1 || hours > 720) return { errors: { offerHours: 'A whole number of hours from 1 to 720.' } };
  if (values.enabled && values.sources.length === 0) return { errors: { sources: 'Pick the sources whose leads are offered to partners.' } };
  return { body: { enabled: values.enabled, sources: LEAD_SOURCES.filter((source) => values.sources.includes(source)), offerHours: hours } };
}

export default function RoutingPage() {
  const api = useApi();
  const queries = useQueryClient();
  const routing = useQuery({ queryKey: ROUTING_KEY, queryFn: () => read<RoutingSettings>(api.GET('/api/v1/partner-routing')) });
  return (
    <section aria-labelledby="routing-title">
      <div className="page-head">
        <h1 id="routing-title">Lead routing to partners</h1>
        {routing.data?.updatedAt ? <small>Last changed {formatDateTime(routing.data.updatedAt)}</small> : null}
      </div>
      <p className="hint">
        A new lead of these sources, without a partner or an assignee, whose region lies in active partners&apos; territories is offered to one of them (by their routing weight). A declined or unanswered offer goes to the next partner; with none left the lead stays with the direct team.
      </p>
      {routing.isPending ? <Loading what="Loading the routing" /> : null}
      <ProblemMessage error={routing.error} prefix="The routing could not be loaded." />
      {routing.data ? <RoutingForm settings={routing.data} save={(body) => read<RoutingSettings>(api.PUT('/api/v1/partner-routing', { body }))} onSaved={(saved) => queries.setQueryData(ROUTING_KEY, saved)} /> : null}
    </section>
  );
}

export function RoutingForm({ settings, save, onSaved }: { settings: RoutingSettings; save: (body: RoutingSettings) => Promise<RoutingSettings>; onSaved?: (saved: RoutingSettings) => void }) {
  const [enabled, setEnabled] = useState(settings.enabled);
  const [sources, setSources] = useState<LeadSource[]>(settings.sources);
  const [offerHours, setOfferHours] = useState(String(settings.offerHours));
  const { local, error, saved, sending, submit: send } = useSaveForm(save, onSaved);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send(routingBody({ enabled, sources, offerHours }));
  }

  const api = fieldErrors(error);
  const sourcesError = local.sources ?? api.sources;
  return (
    <form className="card form" onSubmit={submit} aria-label="Lead routing to partners" noValidate>
      <label>
        <input type="checkbox" name="enabled" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} /> Offer new leads to partners
      </label>
      <fieldset aria-describedby={sourcesError ? 'routing-sources-error' : undefined}>
        <legend>Sources whose leads are offered</legend>
        <div className="form-grid">
          {LEAD_SOURCES.map((source) => (
            <label key={source}>
              <input
                type="checkbox"
                name="sources"
                value={source}
                checked={sources.includes(source)}
                onChange={(event) => setSources((current) => (event.target.checked ? [...current, source] : current.filter((known) => known !== source)))}
              />{' '}
              {humanize(source)}
            </label>
          ))}
        </div>
        {sourcesError ? (
          <small id="routing-sources-error" className="field-error">
            {sourcesError}
          </small>
        ) : null}
      </fieldset>
      <TextField label="Hours a partner has to answer an offer" name="offerHours" inputMode="numeric" value={offerHours} onChange={(event) => setOfferHours(event.target.value)} error={local.offerHours ?? api.offerHours} />
      <ProblemMessage error={error} prefix="The routing was not saved." />
      {saved ? (
        <p role="status" className="success">
          The routing is saved: new leads follow it from now on.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Saving…' : 'Save the routing'}
        </button>
      </div>
    </form>
  );
}

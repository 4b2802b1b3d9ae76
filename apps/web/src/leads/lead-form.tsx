// The new-lead form: its values become the body of POST /leads (blanks left out, so the API's defaults apply),
// and a 400's field errors are shown at their fields (`contact.email` under Email).
import type { components } from '@saleswire/sdk';
import { useState, type FormEvent } from 'react';
import { LEAD_SOURCES } from '../api/views';
import { codeOptions, SelectField, TextAreaField, TextField } from '../shared/fields';
import { fieldErrors, ProblemMessage } from '../shared/problem';

export type CreateLeadBody = components['schemas']['CreateLeadInputV1'];

export interface LeadFormValues {
  name: string;
  email: string;
  phone: string;
  companyName: string;
  taxId: string;
  source: string;
  direction: string;
  segment: string;
  region: string;
  title: string;
  expectedAmount: string;
  currency: string;
  comment: string;
  /** `me`: the signed-in user takes the lead; `rule`: the active assignment rule chooses. */
  assignee: 'me' | 'rule';
}

export const EMPTY_LEAD: LeadFormValues = {
  name: '',
  email: '',
  phone: '',
  companyName: '',
  taxId: '',
  source: 'website',
  direction: 'inbound',
  segment: 'b2b',
  region: '',
  title: '',
  expectedAmount: '',
  currency: 'EUR',
  comment: '',
  assignee: 'rule',
};

/** The body of POST /leads for these values: trimmed, blanks left out, the amount a number. */
export function leadBody(values: LeadFormValues, selfId?: string): CreateLeadBody {
  const text = (value: string): string | undefined => value.trim() || undefined;
  const contact = { name: values.name.trim(), email: text(values.email), phone: text(values.phone) };
  const company = text(values.companyName) ? { name: values.companyName.trim(), taxId: text(values.taxId) } : undefined;
  const amount = text(values.expectedAmount);
  const body = {
    contact,
    company,
    source: values.source as CreateLeadBody['source'],
    direction: values.direction as CreateLeadBody['direction'],
    segment: values.segment as CreateLeadBody['segment'],
    region: text(values.region)?.toUpperCase(),
    title: text(values.title),
    // A decimal comma is how half the world types amounts.
    expectedAmount: amount === undefined ? undefined : Number(amount.replace(',', '.')),
    currency: amount === undefined ? undefined : text(values.currency)?.toUpperCase(),
    comment: text(values.comment),
    assigneeId: values.assignee === 'me' ? selfId : undefined,
  };
  return JSON.parse(JSON.stringify(body)) as CreateLeadBody;
}

/** Where each body field's error is shown. */
const FIELD_OF: Record<string, keyof LeadFormValues> = {
  'contact.name': 'name',
  'contact.email': 'email',
  'contact.phone': 'phone',
  contact: 'name',
  'company.name': 'companyName',
  'company.taxId': 'taxId',
  source: 'source',
  direction: 'direction',
  segment: 'segment',
  region: 'region',
  title: 'title',
  expectedAmount: 'expectedAmount',
  currency: 'currency',
  comment: 'comment',
  assigneeId: 'assignee',
};

/** `selfId`: the signed-in user, who may take the lead (a manager does by default); without it the rule assigns. */
export function LeadForm({ onSubmit, selfId, takeIt = false }: { onSubmit: (body: CreateLeadBody) => Promise<unknown>; selfId?: string; takeIt?: boolean }) {
  const [values, setValues] = useState<LeadFormValues>({ ...EMPTY_LEAD, assignee: selfId && takeIt ? 'me' : 'rule' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors: Partial<Record<keyof LeadFormValues, string>> = {};
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const at = FIELD_OF[field];
    if (at) errors[at] = errors[at] ? `${errors[at]} ${message}` : message;
    else unplaced.push(`${field}: ${message}`);
  }
  const bind = (name: keyof LeadFormValues) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(leadBody(values, selfId));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="New lead" noValidate>
      <fieldset className="form-grid">
        <legend>Contact</legend>
        <TextField label="Contact name" required autoComplete="off" {...bind('name')} />
        <TextField label="Email" type="email" {...bind('email')} />
        <TextField label="Phone" type="tel" {...bind('phone')} />
        <TextField label="Company" {...bind('companyName')} />
        <TextField label="Tax id" {...bind('taxId')} />
        <TextField label="Region" placeholder="DE or DE-BY" {...bind('region')} />
      </fieldset>
      <fieldset className="form-grid">
        <legend>Opportunity</legend>
        <SelectField label="Source" options={codeOptions(LEAD_SOURCES)} {...bind('source')} />
        <SelectField label="Direction" options={codeOptions(['inbound', 'outbound'])} {...bind('direction')} />
        <SelectField label="Segment" options={[{ value: 'b2b', label: 'B2B' }, { value: 'b2c', label: 'B2C' }]} {...bind('segment')} />
        <TextField label="Title" {...bind('title')} />
        <TextField label="Expected amount" inputMode="decimal" {...bind('expectedAmount')} />
        <TextField label="Currency" maxLength={3} {...bind('currency')} />
        {selfId ? (
          <SelectField
            label="Assign to"
            options={[
              { value: 'me', label: 'Me' },
              { value: 'rule', label: 'The assignment rule' },
            ]}
            {...bind('assignee')}
          />
        ) : null}
      </fieldset>
      <TextAreaField label="Comment" rows={3} {...bind('comment')} />
      <ProblemMessage error={error} />
      {unplaced.length > 0 ? (
        <ul className="field-error">
          {unplaced.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create lead'}
        </button>
      </div>
    </form>
  );
}

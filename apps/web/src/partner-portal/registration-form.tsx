// Registering a deal (POST /partners/{id}/deal-registrations): the customer, the deal's title, amount, currency
// and expected close date. The API judges the input; its field errors (`customer.name`, `expectedAmount`…) show
// at their fields and its sentence above the button.
import { useState, type FormEvent } from 'react';
import { TextField } from '../shared/fields';
import { fieldErrors, ProblemMessage } from '../shared/problem';

export interface RegistrationInput {
  customer: { name: string; taxId?: string; email?: string; website?: string };
  title: string;
  expectedAmount: number;
  currency: string;
  expectedCloseDate: string;
}

export interface RegistrationValues {
  customerName: string;
  taxId: string;
  email: string;
  website: string;
  title: string;
  expectedAmount: string;
  currency: string;
  expectedCloseDate: string;
}

export const EMPTY_REGISTRATION: RegistrationValues = { customerName: '', taxId: '', email: '', website: '', title: '', expectedAmount: '', currency: 'EUR', expectedCloseDate: '' };

/**
 * The request's body from the form: optional blanks left out (the API rejects an empty email), the amount as a
 * number (a comma taken for the decimal point; a blank sent as null, so the API names the field).
 */
export function registrationBody(values: RegistrationValues): RegistrationInput {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const amount = values.expectedAmount.trim() === '' ? null : Number(values.expectedAmount.trim().replace(',', '.'));
  return {
    customer: { name: values.customerName.trim(), taxId: optional(values.taxId), email: optional(values.email), website: optional(values.website) },
    title: values.title.trim(),
    expectedAmount: amount as number,
    currency: values.currency.trim().toUpperCase(),
    expectedCloseDate: values.expectedCloseDate,
  };
}

export function RegistrationForm({ submit, onSubmitted }: { submit: (input: RegistrationInput) => Promise<unknown>; onSubmitted?: () => void }) {
  const [values, setValues] = useState(EMPTY_REGISTRATION);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const set = (name: keyof RegistrationValues) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    setSending(true);
    try {
      await submit(registrationBody(values));
      setDone(`"${values.title.trim()}" is registered and waits for a decision.`);
      setValues(EMPTY_REGISTRATION);
      onSubmitted?.();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  const errors = fieldErrors(error);
  return (
    <form className="card form" onSubmit={send} aria-label="Register a deal" noValidate>
      <h2>Register a deal</h2>
      <fieldset>
        <legend>Customer</legend>
        <div className="form-grid">
          <TextField label="Customer name" name="customerName" required value={values.customerName} onChange={set('customerName')} error={errors['customer.name'] ?? errors.customer} />
          <TextField label="Tax id" name="taxId" value={values.taxId} onChange={set('taxId')} error={errors['customer.taxId']} />
          <TextField label="Customer email" name="email" type="email" value={values.email} onChange={set('email')} error={errors['customer.email']} />
          <TextField label="Website" name="website" value={values.website} onChange={set('website')} error={errors['customer.website']} />
        </div>
      </fieldset>
      <div className="form-grid">
        <TextField label="Deal title" name="title" required value={values.title} onChange={set('title')} error={errors.title} />
        <TextField label="Expected amount" name="expectedAmount" inputMode="decimal" required value={values.expectedAmount} onChange={set('expectedAmount')} error={errors.expectedAmount} />
        <TextField label="Currency" name="currency" maxLength={3} required value={values.currency} onChange={set('currency')} error={errors.currency} />
        <TextField label="Expected close date" name="expectedCloseDate" type="date" required value={values.expectedCloseDate} onChange={set('expectedCloseDate')} error={errors.expectedCloseDate} />
      </div>
      <ProblemMessage error={error} prefix="The deal was not registered." />
      {done ? (
        <p className="success" role="status">
          {done}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Registering…' : 'Register the deal'}
        </button>
      </div>
    </form>
  );
}

// Recording a payment: the body of POST /deals/{id}/payments from the form, the API's field errors at their fields.
import { useState, type FormEvent } from 'react';
import { TextField } from '../shared/fields';
import { fieldErrors, ProblemMessage } from '../shared/problem';

export interface PaymentBody {
  amount: number;
  currency: string;
  paidAt: string;
  reference?: string;
}

/** The payment's body: the amount a number (a decimal comma accepted), the day as an ISO date. */
export function paymentBody(values: { amount: string; currency: string; paidOn: string; reference: string }): PaymentBody {
  const reference = values.reference.trim();
  return {
    amount: Number(values.amount.trim().replace(',', '.')),
    currency: values.currency.trim().toUpperCase(),
    paidAt: values.paidOn,
    ...(reference ? { reference } : {}),
  };
}

/** The calendar day it is where the user is (`toISOString` would give the day in UTC). */
export function localDay(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export function PaymentForm({ currency, outstanding, onSubmit }: { currency: string; outstanding: number; onSubmit: (body: PaymentBody) => Promise<unknown> }) {
  const [values, setValues] = useState({ amount: outstanding > 0 ? String(outstanding) : '', currency, paidOn: localDay(new Date()), reference: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors = fieldErrors(error);
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await onSubmit(paymentBody(values));
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" aria-label="Record a payment" onSubmit={submit} noValidate>
      <h2>Record a payment</h2>
      <TextField label="Amount paid" inputMode="decimal" required error={errors.amount} {...bind('amount')} />
      <TextField label="Payment currency" maxLength={3} required error={errors.currency} {...bind('currency')} />
      <TextField label="Paid on" type="date" required error={errors.paidAt} {...bind('paidOn')} />
      <TextField label="Reference" error={errors.reference} {...bind('reference')} />
      <ProblemMessage error={error} />
      {done ? (
        <p className="success" role="status">
          Payment recorded.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Record payment
        </button>
      </div>
    </form>
  );
}

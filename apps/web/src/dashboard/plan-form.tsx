// Setting a manager's plan of a month (PUT /sales-plans/{yyyy-mm}/{userId}): the manager from the department's
// rows or by id, the month, the amount and its currency; the API's field errors shown at their fields.
import { useState, type FormEvent } from 'react';
import { SelectField, TextField, type Option } from '../shared/fields';
import { fieldErrors, ProblemMessage } from '../shared/problem';

export interface PlanInput {
  month: string;
  userId: string;
  amount: number;
  currency: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This month as `yyyy-mm`, in the user's time zone. */
export function currentMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * The form's values as the API's request, or what is wrong with them: only what the path needs (a month and
 * a manager) is checked here; the amount and currency are the API's to judge, so its sentences show.
 */
export function planInputOf(values: { month: string; userId: string; otherUserId: string; amount: string; currency: string }): { input: PlanInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const userId = values.otherUserId.trim() || values.userId;
  if (!MONTH.test(values.month)) errors.month = 'Pick a month.';
  if (!userId) errors.userId = 'Pick a manager.';
  else if (!UUID.test(userId)) errors.otherUserId = 'A manager\'s id looks like 0194f5c8-…; check it.';
  if (Object.keys(errors).length > 0) return { errors };
  const amount = values.amount.trim() === '' ? Number.NaN : Number(values.amount.replace(',', '.'));
  return { input: { month: values.month, userId, amount, currency: values.currency.trim().toUpperCase() } };
}

export function PlanForm({ managers, currency = 'EUR', save, onSaved }: { managers: Option[]; currency?: string; save: (input: PlanInput) => Promise<unknown>; onSaved?: (input: PlanInput) => void }) {
  const [values, setValues] = useState({ month: currentMonth(), userId: managers[0]?.value ?? '', otherUserId: '', amount: '', currency });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setError(null);
    const checked = planInputOf(values);
    if ('errors' in checked) {
      setLocal(checked.errors);
      return;
    }
    setLocal({});
    setSaving(true);
    try {
      await save(checked.input);
      setSaved(`The plan for ${checked.input.month} is saved.`);
      onSaved?.(checked.input);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const errors = { ...fieldErrors(error), ...local };
  const options: Option[] = [...managers, { value: '', label: managers.length ? 'Another manager (by id)' : 'Enter the manager\'s id' }];
  return (
    <form className="card form" onSubmit={submit} aria-label="Set a manager's monthly plan" noValidate>
      <h2>Set a monthly plan</h2>
      <div className="form-grid">
        <SelectField label="Manager" name="userId" value={values.userId} onChange={set('userId')} options={options} error={errors.userId} />
        {values.userId === '' ? <TextField label="Manager's user id" name="otherUserId" value={values.otherUserId} onChange={set('otherUserId')} error={errors.otherUserId} /> : null}
        <TextField label="Month" name="month" type="month" value={values.month} onChange={set('month')} error={errors.month} hint="yyyy-mm" />
        <TextField label="Plan amount" name="amount" inputMode="decimal" value={values.amount} onChange={set('amount')} error={errors.amount} />
        <TextField label="Currency" name="currency" maxLength={3} value={values.currency} onChange={set('currency')} error={errors.currency} />
      </div>
      <ProblemMessage error={error} prefix="The plan was not saved." />
      {saved ? (
        <p className="success" role="status">
          {saved}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save the plan'}
        </button>
      </div>
    </form>
  );
}

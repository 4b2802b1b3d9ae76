// The channel manager's decision on a submitted deal registration (API.md, Partners): approve it
// (`POST /deal-registrations/{id}/approve { protectionDays?, override?, reason? }`, 90 days' protection unless
// said otherwise; over another partner's protection only with `override` and a reason, else 422) or reject it
// (`/reject { reason }`). Blank reasons where one is needed are refused here; everything else the API judges,
// and its refusal shows at the field it names.
import { useId, useState } from 'react';
import { TextAreaField, TextField } from '../shared/fields';
import { fieldErrors, ProblemMessage } from '../shared/problem';

export type Decision = { kind: 'approve'; body: { protectionDays?: number; override?: true; reason?: string } } | { kind: 'reject'; body: { reason: string } };

export interface DecisionValues {
  protectionDays: string;
  reason: string;
  override: boolean;
}

export const NO_DECISION: DecisionValues = { protectionDays: '', reason: '', override: false };

/** The request for a decision, or the field errors that keep it from being sent. */
export function decisionOf(kind: Decision['kind'], values: DecisionValues): { decision: Decision } | { errors: Record<string, string> } {
  const reason = values.reason.trim();
  if (kind === 'reject') return reason ? { decision: { kind, body: { reason } } } : { errors: { reason: 'Say why the registration is rejected.' } };
  if (values.override && !reason) return { errors: { reason: "Say why another partner's protection is overridden." } };
  const body: Extract<Decision, { kind: 'approve' }>['body'] = {};
  const days = values.protectionDays.trim();
  // Sent as typed (a number when it reads as one): the API says what is wrong with 0 or 1000 days.
  if (days) body.protectionDays = /^\d+$/.test(days) ? Number(days) : (days as unknown as number);
  if (values.override) body.override = true;
  if (reason) body.reason = reason;
  return { decision: { kind, body } };
}

export function RegistrationDecision({ title, conflict, decide, onDecided }: { title: string; conflict: boolean; decide: (decision: Decision) => Promise<unknown>; onDecided?: (decision: Decision) => void }) {
  const [values, setValues] = useState<DecisionValues>(NO_DECISION);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState<Decision['kind'] | null>(null);
  const heading = useId();

  async function send(kind: Decision['kind']) {
    setError(null);
    const outcome = decisionOf(kind, values);
    if ('errors' in outcome) {
      setLocal(outcome.errors);
      return;
    }
    setLocal({});
    setSending(kind);
    try {
      await decide(outcome.decision);
      setValues(NO_DECISION);
      onDecided?.(outcome.decision);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(null);
    }
  }

  const api = fieldErrors(error);
  return (
    <form className="form" aria-labelledby={heading} noValidate onSubmit={(event) => event.preventDefault()}>
      <p id={heading}>Decide on “{title}”</p>
      <div className="form-grid">
        <TextField
          label="Protection days"
          name="protectionDays"
          inputMode="numeric"
          placeholder="90"
          value={values.protectionDays}
          onChange={(event) => setValues({ ...values, protectionDays: event.target.value })}
          error={api.protectionDays}
        />
        <TextAreaField
          label="Reason"
          name="reason"
          rows={2}
          hint="Needed to reject, or to approve over another partner's protection."
          value={values.reason}
          onChange={(event) => setValues({ ...values, reason: event.target.value })}
          error={local.reason ?? api.reason}
        />
      </div>
      {conflict ? (
        <label className="checkbox">
          <input type="checkbox" name="override" checked={values.override} onChange={(event) => setValues({ ...values, override: event.target.checked })} /> Override another partner&apos;s protection
        </label>
      ) : null}
      <ProblemMessage error={error} prefix="The registration was not decided." />
      <div className="actions">
        <button type="button" className="primary" disabled={sending !== null} onClick={() => void send('approve')}>
          {sending === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        <button type="button" disabled={sending !== null} onClick={() => void send('reject')}>
          {sending === 'reject' ? 'Rejecting…' : 'Reject'}
        </button>
      </div>
    </form>
  );
}

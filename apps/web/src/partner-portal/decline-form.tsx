// Declining a lead offer needs a reason (POST /lead-offers/{id}/decline { reason }): the form asks for it,
// refuses a blank one before asking the API, and shows the API's sentence when it refuses.
import { useId, useState, type FormEvent } from 'react';
import { TextAreaField } from '../shared/fields';
import { fieldErrors, ProblemMessage } from '../shared/problem';

export function DeclineForm({ offerLabel, decline, onCancel, onDeclined }: { offerLabel: string; decline: (reason: string) => Promise<unknown>; onCancel: () => void; onDeclined?: () => void }) {
  const [reason, setReason] = useState('');
  const [blank, setBlank] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const title = useId();

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!reason.trim()) {
      setBlank(true);
      return;
    }
    setBlank(false);
    setSending(true);
    try {
      await decline(reason.trim());
      onDeclined?.();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="form" onSubmit={send} aria-labelledby={title} noValidate>
      <p id={title}>Decline {offerLabel}</p>
      <TextAreaField label="Reason for declining" name="reason" required autoFocus value={reason} onChange={(event) => setReason(event.target.value)} error={blank ? 'Say why you decline the lead.' : fieldErrors(error).reason} rows={2} />
      <ProblemMessage error={error} prefix="The offer was not declined." />
      <div className="actions">
        <button type="submit" disabled={sending}>
          {sending ? 'Declining…' : 'Decline the lead'}
        </button>
        <button type="button" onClick={onCancel}>
          Keep the offer
        </button>
      </div>
    </form>
  );
}

// What a form that saves one settings object goes through (the assignment rule, the lead routing): the browser's
// own check of the input, the request, and what to say after it. One place, so every such form says the same.
import { useState } from 'react';

/** A form's input read as the request's body, or the sentence for each field that is wrong (shown at the field). */
export type FormOutcome<B> = { body: B } | { errors: Record<string, string> };

export interface SaveForm<B> {
  /** The browser's own sentences by field; the API's come with `error`. */
  local: Record<string, string>;
  /** The last refusal or failure of the request. */
  error: unknown;
  saved: boolean;
  sending: boolean;
  /** Sends the body when the input is right; says at its fields what is wrong otherwise. */
  submit: (outcome: FormOutcome<B>) => Promise<void>;
  /** The input changed since the last save: "saved" no longer holds. */
  changed: () => void;
}

/** Saves what the form sends with `save`, then tells `onSaved` what was stored (saved first, then told). */
export function useSaveForm<B, R>(save: (body: B) => Promise<R>, onSaved?: (stored: R) => void): SaveForm<B> {
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [sending, setSending] = useState(false);

  async function submit(outcome: FormOutcome<B>): Promise<void> {
    setError(null);
    setSaved(false);
    if ('errors' in outcome) {
      setLocal(outcome.errors);
      return;
    }
    setLocal({});
    setSending(true);
    try {
      // Saved first, then told: `onSaved?.(await save())` would skip the save itself when nobody listens.
      const stored = await save(outcome.body);
      setSaved(true);
      onSaved?.(stored);
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }

  return { local, error, saved, sending, submit, changed: () => setSaved(false) };
}

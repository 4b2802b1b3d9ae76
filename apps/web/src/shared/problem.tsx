// How an API failure reads on a page: the problem document's `detail` sentence, and its field errors beside
// their fields (API.md, "Errors").
import { SaleswireProblem } from '@saleswire/sdk';

/** The sentence to show for a failure: the problem's `detail`, else the error's own message. */
export function problemSentence(error: unknown): string {
  if (error instanceof SaleswireProblem) return error.detail || error.title;
  if (error instanceof TypeError) return 'The server could not be reached. Check the connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/**
 * The field errors of a 400 or 422 problem by field (`contact.email` → its message; several messages for a
 * field are joined). Empty for any other failure.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof SaleswireProblem) || (error.status !== 400 && error.status !== 422)) return {};
  const byField: Record<string, string> = {};
  for (const { field, message } of error.errors) {
    if (!field) continue;
    byField[field] = byField[field] ? `${byField[field]} ${message}` : message;
  }
  return byField;
}

/**
 * A failure as a sentence in an alert; nothing when there is none. `withErrors` lists the problem's field errors
 * under it, for a form whose fields cannot show them (an upload: "unknown CSV column \"foo\"" names no field).
 */
export function ProblemMessage({ error, prefix, withErrors = false }: { error: unknown; prefix?: string; withErrors?: boolean }) {
  if (!error) return null;
  const errors = withErrors && error instanceof SaleswireProblem ? error.errors : [];
  const sentence = `${prefix ? `${prefix} ` : ''}${problemSentence(error)}`;
  if (errors.length === 0) {
    return (
      <p role="alert" className="problem">
        {sentence}
      </p>
    );
  }
  return (
    <div role="alert" className="problem">
      <p>{sentence}</p>
      <ul>
        {errors.map((fieldError, index) => (
          <li key={index}>{fieldError.message}</li>
        ))}
      </ul>
    </div>
  );
}

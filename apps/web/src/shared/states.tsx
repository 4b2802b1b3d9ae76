import type { ReactNode } from 'react';

/** Shown while a request is on its way; announced politely to screen readers. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {what}…
    </p>
  );
}

/** Shown when a list or a section has nothing to show, with what to do next. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

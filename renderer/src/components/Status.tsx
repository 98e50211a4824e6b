import type { ReactNode } from 'react';

import type { OperationError } from '../../../shared/contract';

/** A loading line, announced politely to screen readers. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="status status-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

/** An error line with the error's message (and field errors when there are some). */
export function ErrorLine({ title, error }: { title?: string; error: OperationError | string }) {
  const message = typeof error === 'string' ? error : error.message;
  const fields = typeof error === 'string' ? undefined : error.fields;
  const fieldEntries = fields ? Object.entries(fields) : [];
  return (
    <div className="status status-error" role="alert">
      <p>
        {title ? <strong>{title}: </strong> : null}
        {message}
      </p>
      {fieldEntries.length > 1 ? (
        <ul>
          {fieldEntries.map(([field, messages]) => (
            <li key={field}>
              <code>{field}</code> {messages.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

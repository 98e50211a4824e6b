import { Fragment, useState } from 'react';

import { useClient } from '../client-context';
import { saveBase64File } from '../download';

/**
 * A participant's statement of account (opening balance, statements, payments, closing
 * balance) as PDF or CSV, made by the main process as of a date and saved by the browser.
 */
export function AccountStatementFiles({
  participantId,
  name,
  asOf,
}: {
  participantId: string;
  name: string;
  /** The day the account is stated on; empty: today. */
  asOf: string;
}) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (format: 'pdf' | 'csv') => {
    setError(null);
    setBusy(true);
    const file = await client['statements:account-file']({
      participantId,
      format,
      ...(asOf ? { asOf } : {}),
    });
    setBusy(false);
    if (file.ok) saveBase64File(file.value);
    else setError(file.error.message);
  };
  return (
    <span className="statement-files" data-testid="account-statement-files">
      {(['pdf', 'csv'] as const).map((format, i) => (
        <Fragment key={format}>
          {i > 0 ? ' ' : null}
          <button
            type="button"
            className="link-button"
            disabled={busy}
            aria-label={`Statement of account of ${name} as ${format.toUpperCase()}`}
            onClick={() => void save(format)}
          >
            {format.toUpperCase()}
          </button>
        </Fragment>
      ))}
      {error ? <span role="alert"> {error}</span> : null}
    </span>
  );
}

import { useState } from 'react';

import { useClient } from '../client-context';
import { saveBase64File } from '../download';

/** PDF and CSV of one participant's monthly statement, made in the main process and saved by the browser. */
export function StatementFiles({
  participantId,
  month,
  runId,
}: {
  participantId: string;
  month: string;
  runId?: number;
}) {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  const save = async (format: 'pdf' | 'csv') => {
    setError(null);
    const file = await client['statements:file']({
      participantId,
      month,
      format,
      ...(runId ? { runId } : {}),
    });
    if (file.ok) saveBase64File(file.value);
    else setError(file.error.message);
  };
  return (
    <span className="statement-files">
      <button type="button" className="link-button" onClick={() => void save('pdf')}>
        PDF
      </button>{' '}
      <button type="button" className="link-button" onClick={() => void save('csv')}>
        CSV
      </button>
      {error ? <span role="alert"> {error}</span> : null}
    </span>
  );
}

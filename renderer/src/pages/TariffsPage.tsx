/**
 * Tariffs and the bill calculator (seed 001): the workspace's tariffs (a URDB
 * rate file can be read in; what it cannot price is named), accounts billed on
 * them, and a calculator — account, dates, usage, groupBy and detailLevel —
 * with the bill's summary, its items (sortable, exportable, the costs footing
 * to the bill's total) and a chart of cost by period and charge type. Dates are
 * taken and shown as people read them, both ends included (the API's ranges end
 * before their end: a last day goes out as the day after it); times in the
 * workspace's zone, named once under the heading.
 * This file loads the screen's data; its parts are in renderer/src/pages/tariffs/.
 */
import { useState } from 'react';

import type { OperationError, ParticipantDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { ZoneNote } from '../components/LocalTime';
import { ErrorLine } from '../components/Status';
import { useResult, type AsyncState } from '../hooks';

import { BillCalculator } from './tariffs/BillCalculator';
import { TariffAccounts } from './tariffs/TariffAccounts';
import { TariffList } from './tariffs/TariffList';
import { useBillCalculator } from './tariffs/useBillCalculator';

export function TariffsPage({ participants }: { participants: AsyncState<ParticipantDto[]> }) {
  const client = useClient();
  const [generation, setGeneration] = useState(0);
  const tariffs = useResult(`tariffs:${generation}`, () => client['tariffs:list']({}));
  const accounts = useResult(`accounts:${generation}`, () => client['accounts:list']({}));
  // Times are shown in the workspace's zone (UTC until it is known).
  const summary = useResult('workspace:summary', () => client['workspace:summary']({}));
  const zone = summary.status === 'ok' ? summary.value.timezone : 'UTC';
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<OperationError | null>(null);
  const refresh = () => setGeneration((g) => g + 1);
  const calculator = useBillCalculator(zone, setError);

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Tariffs</h1>
        <span className="muted">tariffs, accounts and the bill calculator</span>
      </div>
      <ZoneNote zone={zone} />
      {error ? <ErrorLine title="Not done" error={error} /> : null}
      {message ? (
        <p className="status" role="status" data-testid="tariff-message">
          {message}
        </p>
      ) : null}
      <TariffList tariffs={tariffs} setError={setError} setMessage={setMessage} refresh={refresh} />
      <TariffAccounts
        accounts={accounts}
        tariffs={tariffs}
        participants={participants}
        setError={setError}
        setMessage={setMessage}
        onSaved={(accountId) => {
          calculator.setForm({ ...calculator.form, accountId });
          refresh();
        }}
      />
      <BillCalculator calculator={calculator} accounts={accounts} zone={zone} />
    </section>
  );
}

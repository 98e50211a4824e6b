/**
 * The tariffs card on the tariffs screen: the workspace's tariffs (their versions with the last
 * day each is in force, their rates, where they came from, what Energy Ledger cannot price), one
 * opened in the editor, and a URDB rate file read in.
 */
import { useState } from 'react';

import type { OperationError, OperationOutput } from '../../../../shared/contract';
import { useClient } from '../../client-context';
import { lastDayBefore } from '../../components/LocalTime';
import { Loading } from '../../components/Status';
import type { AsyncState } from '../../hooks';

import { TariffEditor } from './TariffEditor';

export function TariffList({
  tariffs,
  setError,
  setMessage,
  refresh,
}: {
  tariffs: AsyncState<OperationOutput<'tariffs:list'>>;
  setError: (error: OperationError | null) => void;
  setMessage: (message: string | null) => void;
  /** Reads the tariffs and accounts again. */
  refresh: () => void;
}) {
  const client = useClient();
  const [editing, setEditing] = useState<string | null>(null);

  const importUrdb = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setMessage(null);
    let rate: unknown;
    try {
      rate = JSON.parse(await file.text());
    } catch (parseError) {
      setError({
        code: 'invalid_input',
        message: `${file.name}: is not JSON (${(parseError as Error).message})`,
      });
      return;
    }
    const saved = await client['tariffs:import-urdb']({ rate });
    if (!saved.ok) setError(saved.error);
    else {
      setMessage(
        `Saved tariff ${saved.value.tariff.masterTariffId} (${saved.value.tariff.tariffName})${saved.value.unsupported.length ? `; not priced by Energy Ledger: ${saved.value.unsupported.join('; ')}` : ''}`,
      );
      refresh();
    }
  };

  return (
    <div className="card">
      <h2>Tariffs</h2>
      {tariffs.status === 'loading' ? <Loading>Loading tariffs…</Loading> : null}
      {tariffs.status === 'ok' && tariffs.value.length === 0 ? (
        <p>No tariff yet: read one from a URDB rate file.</p>
      ) : null}
      {tariffs.status === 'ok' && tariffs.value.length > 0 ? (
        <table className="table" data-testid="tariffs-table">
          <thead>
            <tr>
              <th scope="col">Tariff</th>
              <th scope="col">Name</th>
              <th scope="col">Versions</th>
              <th scope="col">Rates</th>
              <th scope="col">From</th>
              <th scope="col">Not priced</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {tariffs.value.map(({ tariff, source, unsupported }) => (
              <tr key={tariff.masterTariffId}>
                <th scope="row">{tariff.masterTariffId}</th>
                <td>
                  {tariff.tariffName}
                  {tariff.providerName ? <span className="muted"> · {tariff.providerName}</span> : null}
                </td>
                <td>
                  {tariff.versions
                    .map(
                      (v) =>
                        // A version ends before its effectiveTo: its last day is the day before.
                        `${v.tariffId} (${v.effectiveFrom}${v.effectiveTo ? ` – ${lastDayBefore(v.effectiveTo)}` : ''})`,
                    )
                    .join(', ')}
                </td>
                <td>{tariff.versions[0]?.rates.map((r) => r.rateName).join(', ')}</td>
                <td>{source}</td>
                <td>{unsupported.join('; ') || '—'}</td>
                <td>
                  <button type="button" onClick={() => setEditing(tariff.masterTariffId)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editing && tariffs.status === 'ok'
        ? tariffs.value
            .filter(({ tariff }) => tariff.masterTariffId === editing)
            .map(({ tariff }) => (
              <TariffEditor
                key={tariff.masterTariffId}
                initial={tariff}
                onSaved={(saved) => {
                  setMessage(saved);
                  setEditing(null);
                  refresh();
                }}
              />
            ))
        : null}
      <label className="field">
        <span className="field-label">Read a URDB rate file (.json)</span>
        <input
          type="file"
          accept=".json,application/json"
          aria-label="URDB rate file"
          onChange={(event) => void importUrdb(event.target.files?.[0] ?? null)}
        />
      </label>
    </div>
  );
}

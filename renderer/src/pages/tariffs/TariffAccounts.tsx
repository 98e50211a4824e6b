/**
 * The accounts card on the tariffs screen: each account with its participant and the tariff it is
 * billed on, and a form that bills an account on a tariff.
 */
import { useState } from 'react';

import type {
  AccountListItem,
  OperationError,
  OperationOutput,
  ParticipantDto,
} from '../../../../shared/contract';
import { useClient } from '../../client-context';
import type { AsyncState } from '../../hooks';

export function TariffAccounts({
  accounts,
  tariffs,
  participants,
  setError,
  setMessage,
  onSaved,
}: {
  accounts: AsyncState<AccountListItem[]>;
  tariffs: AsyncState<OperationOutput<'tariffs:list'>>;
  participants: AsyncState<ParticipantDto[]>;
  setError: (error: OperationError | null) => void;
  setMessage: (message: string | null) => void;
  /** An account was saved: the calculator offers it, the lists are read again. */
  onSaved: (accountId: string) => void;
}) {
  const client = useClient();
  const [account, setAccount] = useState({ accountId: '', participantId: '', masterTariffId: '' });
  return (
    <div className="card">
      <h2>Accounts</h2>
      {accounts.status === 'ok' && accounts.value.length > 0 ? (
        <table className="table compact" data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Participant</th>
              <th scope="col">Tariff</th>
            </tr>
          </thead>
          <tbody>
            {accounts.value.map((a) => (
              <tr key={a.accountId}>
                <th scope="row">{a.accountId}</th>
                <td>{a.participantId}</td>
                <td>{a.masterTariffId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form
        className="form-row"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(null);
          const saved = await client['accounts:save'](account);
          if (!saved.ok) setError(saved.error);
          else {
            setMessage(`Account ${saved.value.accountId} is billed on ${saved.value.masterTariffId}.`);
            onSaved(saved.value.accountId);
          }
        }}
      >
        <label className="field">
          <span className="field-label">Account id</span>
          <input
            aria-label="Account id"
            value={account.accountId}
            onChange={(e) => setAccount({ ...account, accountId: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">Participant</span>
          <select
            aria-label="Account participant"
            value={account.participantId}
            onChange={(e) => setAccount({ ...account, participantId: e.target.value })}
          >
            <option value="">choose…</option>
            {participants.status === 'ok'
              ? participants.value.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))
              : null}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Tariff</span>
          <select
            aria-label="Account tariff"
            value={account.masterTariffId}
            onChange={(e) => setAccount({ ...account, masterTariffId: e.target.value })}
          >
            <option value="">choose…</option>
            {tariffs.status === 'ok'
              ? tariffs.value.map(({ tariff }) => (
                  <option key={tariff.masterTariffId} value={tariff.masterTariffId}>
                    {tariff.tariffName}
                  </option>
                ))
              : null}
          </select>
        </label>
        <button type="submit">Save account</button>
      </form>
    </div>
  );
}

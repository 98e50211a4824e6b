/**
 * The accounts list: each account's number, utility, load zone, status and intervalization status
 * (with its progress while it runs), and the way to edit it.
 */
import type { AccountListItem } from '../../../../shared/contract';

import { STATUS_LABELS } from './account-form';

export function AccountsTable({
  accounts,
  onEdit,
}: {
  accounts: AccountListItem[];
  onEdit: (id: string) => void;
}) {
  return (
    <table className="table" data-testid="accounts-table">
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Number</th>
          <th scope="col">Utility</th>
          <th scope="col">Load zone</th>
          <th scope="col">Status</th>
          <th scope="col">Intervalization</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.accountId} data-account={a.accountId}>
            <th scope="row">{a.name ?? a.accountId}</th>
            <td>{a.accountNumber ?? ''}</td>
            <td>{a.utility ?? ''}</td>
            <td>{a.loadZone ?? ''}</td>
            <td>{a.status}</td>
            <td>
              <span className={`chip chip-${a.intervalizationStatus}`} data-testid="intervalization-status">
                {STATUS_LABELS[a.intervalizationStatus]}
              </span>
              {a.intervalizationProgress && a.intervalizationStatus !== 'usageless' ? (
                <span className="muted"> {a.intervalizationProgress} periods</span>
              ) : null}
            </td>
            <td>
              <button type="button" onClick={() => onEdit(a.accountId)}>
                Edit
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

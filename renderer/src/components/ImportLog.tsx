/** Every import with its report, and undo (after asking). */
import type { ImportReportDto } from '../../../shared/contract';
import { useClient } from '../client-context';
import { formatNumber } from '../format';
import { undoableImports } from '../import-undo';

export function ImportLog({
  imports,
  onUndone,
}: {
  imports: ImportReportDto[];
  onUndone: (message: string) => void;
}) {
  const client = useClient();
  if (imports.length === 0) return <p>Nothing imported yet.</p>;
  const undoable = undoableImports(imports);
  return (
    <table className="table" data-testid="import-log">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">File</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Stored
          </th>
          <th scope="col">Report</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {imports.map((entry) => (
          <tr key={entry.importId} data-import={entry.importId}>
            <th scope="row">{entry.importId}</th>
            <td>{entry.fileName}</td>
            <td>
              {entry.kind}
              {entry.format ? ` (${entry.format})` : ''}
            </td>
            <td>
              <span className={`chip chip-${entry.removed ? 'removed' : entry.status}`}>
                {entry.removed ? 'removed' : entry.status}
              </span>
            </td>
            <td className="num">{formatNumber(entry.rowsStored, 0)}</td>
            <td>
              <details>
                <summary>{entry.message.slice(0, 80)}</summary>
                <pre className="manifest">{JSON.stringify(entry, null, 2)}</pre>
              </details>
            </td>
            <td>
              {entry.status === 'stored' && !entry.removed && undoable.has(entry.importId) ? (
                <button
                  type="button"
                  onClick={async () => {
                    const sure = window.confirm(
                      `Undo import #${entry.importId} (${entry.fileName})? Its ${formatNumber(entry.rowsStored, 0)} row(s) are taken out (what it replaced comes back); published runs that used it stay as they are until their month is settled again.`,
                    );
                    if (!sure) return;
                    const undone = await client['imports:remove']({ importId: entry.importId });
                    onUndone(undone.ok ? undone.value.message : undone.error.message);
                  }}
                >
                  Undo
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

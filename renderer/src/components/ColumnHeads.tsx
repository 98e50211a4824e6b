/**
 * A table's column headers, the way every footed table of Energy Ledger writes them: text
 * columns as given, figure columns (`numeric('kWh')`) right-aligned with the unit in the
 * header, and a column left out where its entry is `null` (a price column only on an hour).
 */
import type { ReactNode } from 'react';

export interface NumericColumn {
  numeric: ReactNode;
}

/** A figure column: right-aligned, its header naming the unit. */
export const numeric = (label: ReactNode): NumericColumn => ({ numeric: label });

export function ColumnHeads({ columns }: { columns: (string | NumericColumn | null)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) =>
          column === null ? null : typeof column === 'string' ? (
            <th key={i} scope="col">
              {column}
            </th>
          ) : (
            <th key={i} scope="col" className="num">
              {column.numeric}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

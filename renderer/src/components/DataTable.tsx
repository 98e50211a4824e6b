/**
 * A table of figures a person can sort (click or Enter on a column header,
 * again to reverse) and export to CSV with the exact values behind the
 * formatted cells (decimal strings as the API gives them, never rounded).
 */
import { useMemo, useState, type ReactNode } from 'react';

import { Dec } from '../../../shared/units';
import { toCsv, type CsvColumn } from '../csv';

export interface Column<T> extends CsvColumn<T> {
  key: string;
  label: string;
  numeric?: boolean;
  /** What the cell shows. */
  render: (row: T) => ReactNode;
  /** The exact value: for sorting (numbers as decimal strings) and for the CSV. */
  value: (row: T) => string;
  /** The first column is the row's header (a link down, usually). */
  header?: boolean;
  testId?: string;
}

function compare(a: string, b: string, numeric: boolean): number {
  if (numeric) {
    try {
      return new Dec(a || 0).comparedTo(new Dec(b || 0));
    } catch {
      // not a number after all: fall through to text
    }
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowAttributes,
  caption,
  fileName,
  testId,
  compact,
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowAttributes?: (row: T) => Record<string, string>;
  caption?: string;
  /** The CSV's file name (without .csv). */
  fileName: string;
  testId?: string;
  compact?: boolean;
}) {
  const [sort, setSort] = useState<{ key: string; descending: boolean } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const out = [...rows].sort((a, b) => compare(column.value(a), column.value(b), column.numeric ?? false));
    return sort.descending ? out.reverse() : out;
  }, [rows, columns, sort]);
  const toggle = (key: string) =>
    setSort((current) =>
      current?.key === key ? { key, descending: !current.descending } : { key, descending: false },
    );
  const download = () => {
    const blob = new Blob([toCsv(columns, sorted)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="data-table">
      <div className="table-tools">
        {caption ? <span className="table-caption">{caption}</span> : <span />}
        <button type="button" className="link-button" onClick={download}>
          Export CSV
        </button>
      </div>
      <table className={compact ? 'table compact' : 'table'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => {
              const state =
                sort?.key === column.key ? (sort.descending ? 'descending' : 'ascending') : 'none';
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num sortable' : 'sortable'}
                  aria-sort={state}
                  tabIndex={0}
                  onClick={() => toggle(column.key)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      toggle(column.key);
                    }
                  }}
                >
                  {column.label}
                  <span className="sort-mark" aria-hidden="true">
                    {state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''}
                  </span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} {...(rowAttributes?.(row) ?? {})}>
              {columns.map((column) =>
                column.header ? (
                  <th key={column.key} scope="row">
                    {column.render(row)}
                  </th>
                ) : (
                  <td
                    key={column.key}
                    className={column.numeric ? 'num' : undefined}
                    data-testid={column.testId}
                  >
                    {column.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A table of figures a person can sort (click or Enter on a column header,
 * again to reverse) and export to CSV with the exact values behind the
 * formatted cells (decimal strings as the API gives them, never rounded).
 * Past VIRTUAL_FROM rows it scrolls in a box and renders only the rows in
 * view (and a margin), so a month of hourly lines stays quick. Columns with a
 * `foot` get a total (and a Rounding row when needed) so that they foot.
 */
import { useMemo, useState, type ReactNode } from 'react';

const VIRTUAL_FROM = 300;
/** Must match `.data-table.virtual tbody tr` in styles.css. */
const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 480;
const MARGIN_ROWS = 12;

/** A spacer row whose height is set through the DOM (never an inline style attribute: strict CSP). */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true" className="spacer">
      <td
        colSpan={columns}
        ref={(cell) => {
          if (cell) cell.style.height = `${height}px`;
        }}
      />
    </tr>
  );
}

import { Dec } from '../../../shared/units';
import { toCsv, type CsvColumn } from '../csv';
import { saveFile } from '../download';

import { footed, showFooted, TableFoot, type Foot } from './TableFoot';

export interface Column<T> extends CsvColumn<T> {
  key: string;
  label: string;
  numeric?: boolean;
  /** What the cell shows (a footed column shows `value` rounded as its `foot` says). */
  render?: (row: T) => ReactNode;
  /** The exact value: for sorting (numbers as decimal strings) and for the CSV. */
  value: (row: T) => string;
  /** The first column is the row's header (a link down, usually). */
  header?: boolean;
  testId?: string;
  /**
   * The column foots (a numeric column): each cell shows `value` rounded as `foot` says, and the
   * table's foot its total (and a Rounding row when the cells as shown do not add up to it).
   */
  foot?: Foot;
}

const isNumeric = <T,>(column: Column<T>) => column.numeric === true || column.foot !== undefined;

/** What a cell shows: a footed column's rounded value, else the column's rendering (or its value). */
function cell<T>(column: Column<T>, row: T): ReactNode {
  if (column.foot) return showFooted(column.foot, column.value(row));
  return column.render ? column.render(row) : column.value(row);
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
  const [scrollTop, setScrollTop] = useState(0);
  const virtual = rows.length > VIRTUAL_FROM;
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const out = [...rows].sort((a, b) => compare(column.value(a), column.value(b), isNumeric(column)));
    return sort.descending ? out.reverse() : out;
  }, [rows, columns, sort]);
  const toggle = (key: string) =>
    setSort((current) =>
      current?.key === key ? { key, descending: !current.descending } : { key, descending: false },
    );
  const download = () => saveFile(`${fileName}.csv`, toCsv(columns, sorted), 'text/csv;charset=utf-8');
  const first = virtual ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - MARGIN_ROWS) : 0;
  const last = virtual
    ? Math.min(sorted.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + MARGIN_ROWS)
    : sorted.length;
  const shown = virtual ? sorted.slice(first, last) : sorted;
  const foot = useMemo(
    () =>
      columns.some((column) => column.foot)
        ? columns
            .slice(1)
            .map((column) =>
              column.foot
                ? footed(column.foot, rows.map(column.value), column.testId && `${column.testId}-total`)
                : null,
            )
        : null,
    [columns, rows],
  );
  return (
    <div className={virtual ? 'data-table virtual' : 'data-table'}>
      <div className="table-tools">
        {caption ? <span className="table-caption">{caption}</span> : <span />}
        <button type="button" className="link-button" onClick={download}>
          Export CSV
        </button>
      </div>
      <div
        className={virtual ? 'table-scroll' : undefined}
        onScroll={virtual ? (event) => setScrollTop(event.currentTarget.scrollTop) : undefined}
        {...(virtual ? { 'data-rows': String(sorted.length) } : {})}
      >
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
                    className={isNumeric(column) ? 'num sortable' : 'sortable'}
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
            {virtual && first > 0 ? <Spacer height={first * ROW_HEIGHT} columns={columns.length} /> : null}
            {shown.map((row) => (
              <tr key={rowKey(row)} {...(rowAttributes?.(row) ?? {})}>
                {columns.map((column) =>
                  column.header ? (
                    <th key={column.key} scope="row">
                      {cell(column, row)}
                    </th>
                  ) : (
                    <td
                      key={column.key}
                      className={isNumeric(column) ? 'num' : undefined}
                      data-testid={column.testId}
                    >
                      {cell(column, row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
            {virtual && last < sorted.length ? (
              <Spacer height={(sorted.length - last) * ROW_HEIGHT} columns={columns.length} />
            ) : null}
          </tbody>
          {foot ? <TableFoot cells={foot} /> : null}
        </table>
      </div>
    </div>
  );
}

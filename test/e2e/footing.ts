/**
 * Tables that foot, read as a person reads them: the displayed cells of a column, its
 * Rounding row (when there is one) and its total, parsed from the screen's text and added
 * with exact decimal arithmetic (docs/settlement.md, "Tables that foot").
 */
import { expect, type Locator } from '@playwright/test';

import { formatNumber } from '../../renderer/src/format';
import { roundHalfUp } from '../../shared/footing';
import { Dec } from '../../shared/units';

/**
 * A displayed figure as an exact decimal: `−฿1,234.56` → -1234.56, `4,012.000` → 4012, `5.00 CHF`
 * → 5. Currency symbols, codes, units and thousands separators are dropped; the minus is `-` or
 * U+2212. An empty cell (a Rounding row's column that needs none) is zero.
 */
export function readFigure(text: string): Dec {
  const plain = text.replace(/\u2212/g, '-').replace(/[^\d.-]/g, '');
  if (plain === '') return new Dec(0);
  expect(plain, `"${text}" is not a figure`).toMatch(/^-?\d+(\.\d+)?$/);
  return new Dec(plain);
}

/** What a footed energy cell shows for an exact kWh amount: 3 decimals, half-up, grouped. */
export const energyAsShown = (kWh: string | number) => formatNumber(roundHalfUp(kWh, 3), 3);

export interface ShownColumn {
  rows: string[];
  /** The Rounding row's cell, null when the table shows no Rounding row. */
  rounding: string | null;
  total: string;
}

/**
 * The text of one column of a table as displayed: every body row's cell, the Rounding row's and
 * the total row's. `column` is the header's label as shown (`Earnings (THB)`, `kWh`). Waits for the
 * table's total row; a virtualized table (only the rows in view in the page) is refused.
 */
export async function shownColumn(table: Locator, column: string): Promise<ShownColumn> {
  await expect(table.locator('tfoot tr[data-foot="total"]')).toBeVisible();
  return table.evaluate((element, label) => {
    if (element.closest('[data-rows]')) throw new Error('a virtualized table shows only some of its rows');
    // Structural types: the node project's type check has no DOM library.
    type Cell = { textContent: string | null };
    const text = (cell: Cell | undefined) => (cell?.textContent ?? '').trim();
    const headers = [...element.querySelectorAll(':scope > thead > tr > th')].map((th) =>
      text(th).replace(/[▲▼]/g, '').trim(),
    );
    const index = headers.indexOf(label);
    if (index < 0) throw new Error(`no column "${label}" among ${JSON.stringify(headers)}`);
    const cellOf = (row: { children: ArrayLike<Cell> } | null) => (row ? text(row.children[index]) : null);
    return {
      rows: [...element.querySelectorAll(':scope > tbody > tr:not(.spacer)')].map((row) => cellOf(row)!),
      rounding: cellOf(element.querySelector(':scope > tfoot > tr[data-foot="rounding"]')),
      total: cellOf(element.querySelector(':scope > tfoot > tr[data-foot="total"]')) ?? '',
    };
  }, column);
}

/**
 * Checks that `column` of `table` foots as displayed: the sum of its rows' cells plus its Rounding
 * cell (none or empty: zero) equals its total cell, exactly. Returns the parsed figures (so a journey can check, e.g., that a Rounding row did appear).
 */
export async function expectFoots(
  table: Locator,
  column: string,
): Promise<{ rows: number; sum: Dec; rounding: Dec; total: Dec; shown: ShownColumn }> {
  const shown = await shownColumn(table, column);
  expect(shown.rows.length, `${column}: rows`).toBeGreaterThan(0);
  const sum = shown.rows.reduce((total, cell) => total.plus(readFigure(cell)), new Dec(0));
  const rounding = readFigure(shown.rounding ?? '');
  const total = readFigure(shown.total);
  expect(
    sum.plus(rounding).toFixed(),
    `${column}: Σ ${shown.rows.length} rows (${sum.toFixed()}) + Rounding (${shown.rounding ?? 'none'}) = total ${shown.total}`,
  ).toBe(total.toFixed());
  return { rows: shown.rows.length, sum, rounding, total, shown };
}

/** expectFoots for several columns of one table. */
export async function expectColumnsFoot(table: Locator, columns: string[]): Promise<void> {
  for (const column of columns) await expectFoots(table, column);
}

/**
 * Tables that foot (docs/settlement.md, "Tables that foot"): a money column's
 * rows are shown in the currency's minor unit, an energy column's in kWh to 3
 * decimals, both rounded half-up from the ledger's exact figures; the total is
 * the exact total so rounded, and when the rows as shown do not add up to it a
 * "Rounding" row just above the total carries the difference. Every column
 * shown with a total therefore foots on screen.
 */
import type { ReactNode } from 'react';

import { foot, foots, minorUnitDigits, roundHalfUp, type Footing } from '../../../shared/footing';
import { formatMoney, formatNumber } from '../format';

/** How a footed column is read: its decimals and how a rounded amount is written. */
export interface Foot {
  places: number;
  format: (rounded: string) => string;
}

/** Money in `currency`, to its minor unit (฿953.45; ¥953). */
export function moneyFoot(currency: string): Foot {
  const places = minorUnitDigits(currency);
  return { places, format: (rounded) => formatMoney(rounded, currency, places) };
}

/** Energy in kWh to 3 decimals (the column's header names the unit). */
export const energyFoot: Foot = { places: 3, format: (rounded) => formatNumber(rounded, 3) };

/** One exact amount as a footed column shows it. */
export function showFooted(how: Foot, amount: string | number): string {
  return how.format(roundHalfUp(amount, how.places));
}

/** A column of a table's foot: its footing (rows, Rounding, Total) and how it is written. */
export interface FootedCell {
  how: Foot;
  footing: Footing;
  testId?: string;
}

/** The foot of a column whose rows have these exact amounts. */
export function footed(how: Foot, amounts: readonly (string | number)[], testId?: string): FootedCell {
  return { how, footing: foot(amounts, how.places), ...(testId ? { testId } : {}) };
}

/** A foot cell: a footed column, other content in the total row only (a count, a note), or nothing. */
export type FootCell = FootedCell | { content: ReactNode } | null;

const isFooted = (cell: FootCell): cell is FootedCell => cell !== null && 'footing' in cell;

/**
 * The rows of a table's `<tfoot>`: "Rounding" (only when some footed column's rounded rows
 * differ from its total) above the total row. `cells` are the columns after the first, which
 * holds the labels.
 */
export function TableFoot({ label = 'Total', cells }: { label?: ReactNode; cells: FootCell[] }) {
  const rounding = cells.some((cell) => isFooted(cell) && !foots(cell.footing));
  return (
    <tfoot>
      {rounding ? (
        <tr className="rounding-row" data-foot="rounding">
          <th scope="row" title="The total, less the sum of the rows as shown (each rounded half-up)">
            Rounding
          </th>
          {cells.map((cell, i) => (
            <td key={i} className={isFooted(cell) ? 'num' : undefined}>
              {isFooted(cell) && !foots(cell.footing) ? cell.how.format(cell.footing.rounding) : null}
            </td>
          ))}
        </tr>
      ) : null}
      <tr data-foot="total">
        <th scope="row">{label}</th>
        {cells.map((cell, i) =>
          isFooted(cell) ? (
            <td key={i} className="num" data-testid={cell.testId}>
              {cell.how.format(cell.footing.total)}
            </td>
          ) : (
            <td key={i}>{cell?.content ?? null}</td>
          ),
        )}
      </tr>
    </tfoot>
  );
}

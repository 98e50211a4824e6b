/** Exact sums of the drill-down's lines (decimal strings, never binary floats). */
import { Dec } from '../../../shared/units';

export const sumLines = (lines: { allocation: string }[]): InstanceType<typeof Dec> =>
  lines.reduce((sum, line) => sum.plus(line.allocation), new Dec(0));

/** An hour's total sold or left, kWh: traded lines + open market + unsold (the day chart's bar). */
export function hourTotal(hour: {
  traded: { allocation: string }[];
  open_market: { allocation: string };
  unsold: { allocation: string };
}): string {
  return sumLines([...hour.traded, hour.open_market, hour.unsold]).toFixed();
}

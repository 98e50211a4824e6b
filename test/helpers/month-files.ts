/** Writes canonical readings and price CSV files covering every hour of a local month, with chosen non-zero hours. */
import { writeFileSync } from 'node:fs';

import type { Workspace } from '../../main/store/workspace';
import { formatLocalIso, hourStarts, monthRangeUtc } from '../../shared/time';

import { egatTiered } from './tariff-fixture';
import { callOk, importFileOk } from './temp-workspace';

/** values: key `meterId@YYYY-MM-DDTHH` (local) → kWh text; every other hour is "0" (consumption meters: `otherwise`). */
export function writeMonthReadings(
  file: string,
  month: string,
  timezone: string,
  meterIds: string[],
  values: Record<string, string>,
  skip: string[] = [],
  otherwise = '0',
): void {
  const { start, end } = monthRangeUtc(month, timezone);
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (const meterId of meterIds) {
    for (const hour of hourStarts(start, end)) {
      const local = formatLocalIso(hour, timezone);
      const key = `${meterId}@${local.slice(0, 13)}`;
      if (skip.includes(key)) continue;
      lines.push(`${meterId},${local},60,${values[key] ?? (meterId.endsWith('-pv') ? '0' : otherwise)}`);
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export function writeMonthPrices(
  file: string,
  month: string,
  timezone: string,
  prices: Record<string, string>,
  otherwise = '2.0',
): void {
  const { start, end } = monthRangeUtc(month, timezone);
  const lines = ['interval_start,price_per_kwh'];
  for (const hour of hourStarts(start, end)) {
    const local = formatLocalIso(hour, timezone);
    lines.push(`${local},${prices[local.slice(0, 13)] ?? otherwise}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * Settles a month of the small market (test/fixtures/workspace-small.json) so its
 * participants' statements are issued: a little sun at noon on the 12th, load on both
 * consumers, market prices of 2.0; files written in `dir` and imported as a user would.
 */
export async function settleSmallMonth(workspace: Workspace, dir: string, month: string): Promise<void> {
  const readings = `${dir}/small-${month}.csv`;
  writeMonthReadings(readings, month, 'Asia/Bangkok', ['gen-a-pv', 'con-b-main', 'con-c-main'], {
    [`gen-a-pv@${month}-12T12`]: '7.5',
    [`con-b-main@${month}-12T12`]: '4.25',
    [`con-c-main@${month}-12T12`]: '2.5',
  });
  await importFileOk(workspace, readings);
  const prices = `${dir}/small-${month}-prices.csv`;
  writeMonthPrices(prices, month, 'Asia/Bangkok', {});
  await importFileOk(workspace, prices);
  await callOk(workspace, 'settlement:settle', { month });
}

/**
 * Account acc-b: consumer con-b of the small market on the EGAT tiered tariff, its meter
 * con-b-main read every local (+07:00) hour of January 2022 at `kwh(hour)` kWh, imported from `file`.
 */
export async function januaryOnTieredTariff(
  workspace: Workspace,
  file: string,
  kwh: (hour: number) => string,
): Promise<void> {
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let d = 1; d <= 31; d++)
    for (let h = 0; h < 24; h++)
      lines.push(
        `con-b-main,2022-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00+07:00,60,${kwh(h)}`,
      );
  writeFileSync(file, `${lines.join('\n')}\n`);
  await importFileOk(workspace, file);
  await callOk(workspace, 'tariffs:save', { tariff: egatTiered() });
  await callOk(workspace, 'accounts:save', {
    accountId: 'acc-b',
    participantId: 'con-b',
    masterTariffId: 'egat-tiered',
  });
}

/** Writes readings as the canonical CSV the importer reads back, exactly (kWh to the mWh, local time with offset). */
import { once } from 'node:events';

import { csvRow } from '../../shared/csv';
import { daysRangeUtc, formatLocalIso, isValidDay } from '../../shared/time';
import { milliWhToKwh } from '../../shared/units';
import { meterIdsInOrder } from '../store/meter-repository';
import { readingsBetween } from '../store/readings-repository';
import type { Workspace } from '../store/workspace';

export async function writeReadingsCsv(
  workspace: Workspace,
  request: { from: string; to: string; meterIds: string[] },
  out: NodeJS.WritableStream,
): Promise<number> {
  if (!isValidDay(request.from) || !isValidDay(request.to))
    throw new Error('--from and --to must be days YYYY-MM-DD');
  const { timezone } = await workspace.settings();
  const range = daysRangeUtc(request.from, request.to, timezone);
  const meters = request.meterIds.length > 0 ? request.meterIds : await meterIdsInOrder(workspace.db);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${csvRow(['meter_id', 'interval_start', 'interval_minutes', 'energy_kwh'])}\n`);
  let rows = 0;
  for (const meterId of meters) {
    for (const reading of await readingsBetween(workspace.db, meterId, range.start, range.end)) {
      if (reading.startUtc < range.start) continue;
      // Through the shared cell writer (formula injection): ids, times and decimals pass as they are.
      await write(
        `${csvRow([
          meterId,
          formatLocalIso(reading.startUtc, timezone),
          (reading.endUtc - reading.startUtc) / 60,
          milliWhToKwh(reading.energyMilliWh),
        ])}\n`,
      );
      rows++;
    }
  }
  return rows;
}

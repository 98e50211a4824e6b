/**
 * Whether a month can be settled yet: how many of the meters that settle have readings in it,
 * and over how many of its hours. The Settlement screen and the drill-down pages ask this before
 * they offer "Settle": a month with no readings at all is not offered (settling it would either be
 * refused for every meter-hour, or, counting gaps as zero, publish a month of zeros), and the page
 * says to import meter data instead. Estimated readings from an account's monthly usage count as
 * data, as settling counts them.
 */
import type { MonthReadinessDto } from '../../shared/contract';
import { groupThousands } from '../../shared/display';
import { monthRangeUtc } from '../../shared/time';
import { references } from '../engine/virtual-meters';
import { estimatesForMeter } from '../store/account-repository';
import { hoursWithReadings } from '../store/readiness-repository';
import { latestPublishedRun } from '../store/settlement-repository';
import { readVirtualSetup } from '../store/virtual-meter-repository';
import type { Workspace } from '../store/workspace';

import type { Handlers } from './context';

const count = (n: number) => groupThousands(String(n), '-');

const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The hours (UTC starts) of [start, end) in which a physical meter has a reading. */
async function readingHours(
  workspace: Workspace,
  meterId: string,
  start: number,
  end: number,
): Promise<Set<number>> {
  const hours = new Set(await hoursWithReadings(workspace.db, meterId, start, end));
  // An account's estimates fill the hours without a metered reading, as settling does.
  for (const set of await estimatesForMeter(workspace.db, meterId, start, end))
    for (const hour of set.hours.keys()) if (hour >= start && hour < end) hours.add(hour);
  return hours;
}

export async function monthReadiness(workspace: Workspace, month: string): Promise<MonthReadinessDto> {
  const { timezone } = await workspace.settings();
  const { start, end } = monthRangeUtc(month, timezone);
  const hours = (end - start) / 3600;
  const setup = await readVirtualSetup(workspace.db);
  const groups = new Map(setup.groups.map((g) => [g.id, g]));
  const virtual = new Map(setup.virtual.map((m) => [m.id, m]));
  const physical = new Map<string, Promise<Set<number>>>();
  const physicalHours = (id: string) => {
    if (!physical.has(id)) physical.set(id, readingHours(workspace, id, start, end));
    return physical.get(id)!;
  };
  /** A virtual meter has data in the hours its sources have (a fixed amount, in every hour). */
  const virtualHours = async (id: string, seen: Set<string>): Promise<Set<number>> => {
    const meter = virtual.get(id);
    const out = new Set<number>();
    if (!meter || seen.has(id)) return out;
    seen.add(id);
    for (const version of meter.versions) {
      if ('fixedAmount' in version.use) {
        for (let hour = start; hour < end; hour += 3600) out.add(hour);
        continue;
      }
      for (const { meterId } of references(version.use, groups)) {
        const source = virtual.has(meterId)
          ? await virtualHours(meterId, seen)
          : await physicalHours(meterId);
        for (const hour of source) out.add(hour);
      }
    }
    return out;
  };
  const settling = [
    ...setup.physical.filter((m) => m.settles).map((m) => physicalHours(m.id)),
    ...setup.virtual.filter((m) => m.settles).map((m) => virtualHours(m.id, new Set())),
  ];
  let metersWithData = 0;
  let meterHoursWithData = 0;
  for (const covered of await Promise.all(settling)) {
    if (covered.size > 0) metersWithData += 1;
    meterHoursWithData += Math.min(hours, covered.size);
  }
  const meters = settling.length;
  const inForce = await latestPublishedRun(workspace.db, month);
  const meterHours = meters * hours;
  const hasData = meterHoursWithData > 0;
  const name = monthName(month);
  const message = !hasData
    ? meters === 0
      ? `${name} cannot be settled: no meter settles yet. Build the market (Market) and import its meter data (Imports) first.`
      : `${name} has no readings for any of the ${meters} meter(s) that settle: import its meter data (Imports) before settling it.`
    : meterHoursWithData < meterHours
      ? `${name}: ${metersWithData} of ${meters} meter(s) have readings, in ${count(meterHoursWithData)} of ${count(meterHours)} meter-hours; the rest are missing (import them, or settle counting them as zero, flagged).`
      : `${name}: every meter that settles has a reading in every hour (${count(meterHours)} meter-hours).`;
  return {
    month,
    meters,
    metersWithData,
    meterHours,
    meterHoursWithData,
    hasData,
    inForceRunId: inForce?.id ?? null,
    message,
  };
}

export const monthReadinessHandlers: Pick<Handlers, 'months:readiness'> = {
  'months:readiness': ({ workspace }, input) => monthReadiness(workspace, input.month),
};

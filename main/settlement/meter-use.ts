/**
 * The hourly use of any meter of the workspace: a physical meter's readings summed into hours,
 * a virtual meter's use evaluated by the engine from its definition (seed 003), its sources
 * read from the store on demand.
 */
import { localDayOf } from '../../shared/time';
import { sumIntoHours } from '../engine/hourly';
import { UseEvaluator, type HourlyUse } from '../engine/virtual-meters';
import { readingsBetween } from '../store/readings-repository';
import type { Store } from '../store/store';
import type { VirtualSetup } from '../store/virtual-meter-repository';

/** A physical meter's energy per hour over `hours` (starting at `start`), and the hours without a complete reading. */
export async function physicalHourlyUse(db: Store, meterId: string, hours: number[]): Promise<HourlyUse> {
  const values = new Float64Array(hours.length);
  const gaps = new Uint8Array(hours.length).fill(1);
  if (hours.length === 0) return { values, gaps };
  const start = hours[0]!;
  const end = hours[hours.length - 1]! + 3600;
  const index = new Map(hours.map((h, i) => [h, i]));
  for (const hour of sumIntoHours(await readingsBetween(db, meterId, start, end), start)) {
    const h = index.get(hour.hourStartUtc);
    if (h === undefined) continue;
    values[h] = hour.energyMilliWh;
    if (hour.minutesCovered >= 60) gaps[h] = 0;
  }
  return { values, gaps };
}

/**
 * An evaluator of every meter's hourly use over `hours` in the workspace (physical readings
 * loaded on demand; `onPhysical` hears which physical meters were read).
 */
export function useEvaluator(
  db: Store,
  setup: VirtualSetup,
  hours: number[],
  zone: string,
  onPhysical?: (meterId: string) => void,
): UseEvaluator {
  return new UseEvaluator({
    hours,
    days: hours.map((h) => localDayOf(h, zone)),
    zone,
    virtual: new Map(setup.virtual.map((m) => [m.id, m])),
    groups: new Map(setup.groups.map((g) => [g.id, g])),
    physical: (meterId) => {
      onPhysical?.(meterId);
      return physicalHourlyUse(db, meterId, hours);
    },
  });
}

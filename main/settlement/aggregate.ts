/**
 * Settlement's aggregation stage: the engine's lines summed per participant, side, local day and
 * kind (energy, cost and lines on a gap), and per generator–consumer pair over the month.
 */
import { localDayOf } from '../../shared/time';
import type { Lines } from '../engine/settle-period';
import type { DailyAggregate, PairMonth } from '../store/settlement-repository';

/** Daily sums per participant and kind, and the month's traded sums per generator–consumer pair. */
export function aggregate(lines: Lines, timezone: string): { daily: DailyAggregate[]; pairs: PairMonth[] } {
  const daily = new Map<string, DailyAggregate>();
  const pairs = new Map<string, PairMonth>();
  const dayCache = new Map<number, string>();
  const addDaily = (
    meterType: number,
    participantId: string,
    side: 'generator' | 'consumer',
    day: string,
    kind: string,
    energy: number,
    cost: number,
    gap: number,
  ) => {
    const key = `${meterType}|${participantId}|${side}|${day}|${kind}`;
    let row = daily.get(key);
    if (!row) {
      row = {
        meterType,
        participantId,
        side,
        day,
        kind,
        energyMilliWh: 0,
        costTenThousandths: 0,
        gapLines: 0,
      };
      daily.set(key, row);
    }
    row.energyMilliWh += energy;
    row.costTenThousandths += cost;
    row.gapLines += gap;
  };
  for (let i = 0; i < lines.hour.length; i++) {
    const hour = lines.hour[i]!;
    let day = dayCache.get(hour);
    if (day === undefined) {
      day = localDayOf(hour, timezone);
      dayCache.set(hour, day);
    }
    const meterType = lines.meterType[i]!;
    const kind = lines.kind[i]!;
    const generator = lines.generator[i]!;
    const consumer = lines.consumer[i]!;
    const energy = lines.energy[i]!;
    const cost = lines.cost[i]!;
    if (generator !== null)
      addDaily(meterType, generator, 'generator', day, kind, energy, cost, lines.gap[i]!);
    if (consumer !== null) addDaily(meterType, consumer, 'consumer', day, kind, energy, cost, lines.gap[i]!);
    if (generator !== null && consumer !== null) {
      const key = `${meterType}|${generator}|${consumer}`;
      let pair = pairs.get(key);
      if (!pair) {
        pair = {
          meterType,
          generatorId: generator,
          consumerId: consumer,
          energyMilliWh: 0,
          costTenThousandths: 0,
        };
        pairs.set(key, pair);
      }
      pair.energyMilliWh += energy;
      pair.costTenThousandths += cost;
    }
  }
  return { daily: [...daily.values()], pairs: [...pairs.values()] };
}

/**
 * Settlement's billing stage: the month's bill lines of each consumer on a tariff, from the
 * engine's hourly grid lines (the tariff engine prices the month; what the hourly lines do not
 * carry becomes bill lines).
 */
import type { Tariff } from '../../shared/tariff';
import { Dec } from '../../shared/units';
import { formatTenThousandths } from '../engine/money';
import type { Lines } from '../engine/settle-period';
import { calculateCost } from '../engine/tariff';
import type { BillLine } from '../store/settlement-repository';

/**
 * The month's bill lines of each consumer on a tariff (spec §4): the tariff engine prices the
 * month's hourly grid residual; its fixed, demand, minimum and percentage items become bill
 * lines, and so does the difference between its energy charges and the hourly grid lines
 * (tiers, and the rounding of hourly lines), so the month's grid cost is exactly the bill.
 */
export function tariffBillLines(
  plans: { participant: number; tariff: Tariff }[],
  participantIds: string[],
  lines: Lines,
  start: number,
  end: number,
  timezone: string,
): BillLine[] {
  const out: BillLine[] = [];
  for (const { participant, tariff } of plans) {
    const consumerId = participantIds[participant]!;
    const usage = new Map<
      string,
      { startUtc: number; endUtc: number; energyMilliWh: number; meterType: number }
    >();
    const hourly = new Map<number, number>();
    for (let i = 0; i < lines.hour.length; i++) {
      if (lines.kind[i] !== 'grid' || lines.consumer[i] !== consumerId) continue;
      const meterType = lines.meterType[i]!;
      const key = `${meterType}|${lines.hour[i]}`;
      const one = usage.get(key) ?? {
        startUtc: lines.hour[i]!,
        endUtc: lines.hour[i]! + 3600,
        energyMilliWh: 0,
        meterType,
      };
      one.energyMilliWh += lines.energy[i]!;
      usage.set(key, one);
      hourly.set(meterType, (hourly.get(meterType) ?? 0) + lines.cost[i]!);
    }
    for (const meterType of [...new Set([...usage.values()].map((u) => u.meterType))]) {
      const bill = calculateCost(
        tariff,
        [...usage.values()].filter((u) => u.meterType === meterType),
        { from: start, to: end, zone: timezone },
      );
      const toE4 = (cost: InstanceType<typeof Dec>) =>
        Number(cost.times(10_000).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed());
      const energy = bill.items
        .filter((i) => i.quantityKey === 'consumption')
        .reduce((sum, i) => sum.plus(i.cost), new Dec(0));
      let seq = 0;
      const adjustment = toE4(energy) - (hourly.get(meterType) ?? 0);
      if (adjustment !== 0)
        out.push({
          meterType,
          consumerId,
          seq: seq++,
          name: 'Tier and rate adjustment',
          chargeClass: 'SUPPLY',
          quantityKey: 'consumption',
          costTenThousandths: adjustment,
          detail: {
            energyCharges: energy.toFixed(),
            hourlyGridLines: formatTenThousandths(hourly.get(meterType) ?? 0),
          },
        });
      for (const item of bill.items.filter((i) => i.quantityKey !== 'consumption'))
        out.push({
          meterType,
          consumerId,
          seq: seq++,
          name: `${item.rateGroupName}: ${item.rateName}${item.tariffRateBandId ? ` (${item.tariffRateBandId})` : ''}`,
          chargeClass: item.chargeClass,
          quantityKey: item.quantityKey,
          costTenThousandths: toE4(new Dec(item.cost)),
          detail: item,
        });
    }
  }
  return out;
}

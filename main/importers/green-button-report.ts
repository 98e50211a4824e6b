/**
 * The Green Button part of a readings import's report: the figures of each series of the file, and
 * each UsageSummary's stated totals beside those of the readings stored for its usage point.
 */
import type { GreenButtonReportDto } from '../../shared/contract';
import { formatSeedUtc } from '../../shared/time';
import { Dec, scaledDecimal } from '../../shared/units';
import { readingTotalsBetween } from '../store/readings-repository';
import type { WriteTransaction } from '../store/store';

import { boundedInteger, CURRENCIES, shiftExact, UNITS } from './espi-codes';
import type { UsageSummaryFacts } from './espi-reader';
import type { Series } from './green-button-series';

/**
 * The per-series figures of the report, and each UsageSummary's stated totals
 * beside those of the stored readings of its usage point for the same billing
 * period (inside the import's transaction, so the readings just written count).
 */
export async function compareWithFile(
  tx: WriteTransaction,
  series: Map<string, Series>,
  summaries: UsageSummaryFacts[],
  localTimes: { key: string; fields: Record<string, string> }[],
  notes: string[],
  startsRounded: number,
): Promise<GreenButtonReportDto> {
  const all = [...series.values()];
  const usageSummaries: GreenButtonReportDto['usageSummaries'] = [];
  for (const s of summaries) {
    const f = s.fields;
    const start = f['billingPeriod/start'];
    const duration = f['billingPeriod/duration'];
    const currency = f.currency !== undefined ? (CURRENCIES[f.currency] ?? `ISO-4217-${f.currency}`) : null;
    const uom = f['overallConsumptionLastPeriod/uom'];
    // The stated figures are compared, not stored: one out of the bounded parser's bounds (or a
    // multiplier beyond ±12, as for a ReadingType) is left out rather than read.
    const multiplierText = f['overallConsumptionLastPeriod/powerOfTenMultiplier'] ?? '0';
    const multiplier = boundedInteger(multiplierText) ? Number(multiplierText) : NaN;
    const statedValue = f['overallConsumptionLastPeriod/value'];
    const statedConsumption =
      boundedInteger(statedValue) && Number.isInteger(multiplier) && Math.abs(multiplier) <= 12
        ? shiftExact(BigInt(statedValue), multiplier + 3).result
        : null;
    const unit = uom !== undefined ? (UNITS[uom]?.unit ?? `uom ${uom}`) : 'Wh';
    const bill = boundedInteger(f.billLastPeriod) ? BigInt(f.billLastPeriod) : null;
    const candidates = all.filter(
      (x) =>
        x.usagePoint === s.usagePoint &&
        x.meterId !== null &&
        x.unit === unit &&
        x.direction === 'consumption',
    );
    let computed: { energy: bigint; cost: bigint; readings: number } | null = null;
    if (boundedInteger(start) && boundedInteger(duration) && candidates.length > 0) {
      const from = Number(start);
      const to = from + Number(duration);
      const ids = [...new Set(candidates.map((c) => c.meterId!))];
      const interval = candidates.some((c) => [...c.intervalSeconds].some((d) => d <= 3600));
      const row = await readingTotalsBetween(tx, interval ? 'readings' : 'summary_readings', ids, from, to);
      computed = { energy: BigInt(row?.energy ?? 0), cost: BigInt(row?.cost ?? 0), readings: row?.n ?? 0 };
    }
    const thousandths = (v: bigint) =>
      unit === 'Wh' ? `${scaledDecimal(v, 6)} kWh` : `${scaledDecimal(v, 3)} ${unit}`;
    usageSummaries.push({
      summary: s.key,
      usagePoint: s.usagePoint,
      line: s.line,
      billingPeriod:
        boundedInteger(start) && boundedInteger(duration)
          ? { from: formatSeedUtc(Number(start)), to: formatSeedUtc(Number(start) + Number(duration) - 1) }
          : null,
      currency,
      statedConsumption: statedConsumption !== null ? thousandths(statedConsumption) : null,
      statedBill: bill !== null ? scaledDecimal(bill, 5) : null,
      statedBillToDate: boundedInteger(f.billToDate) ? scaledDecimal(BigInt(f.billToDate), 5) : null,
      computedConsumption: computed ? thousandths(computed.energy) : null,
      computedCost: computed ? scaledDecimal(computed.cost, 5) : null,
      computedFrom: computed
        ? `${computed.readings} stored reading(s) of ${[...new Set(candidates.map((c) => c.meterId))].join(', ')}`
        : 'no stored readings of this usage point in the same unit',
      consumptionDifference:
        computed && statedConsumption !== null ? thousandths(computed.energy - statedConsumption) : null,
      billDifference: computed && bill !== null ? scaledDecimal(computed.cost - bill, 5) : null,
      differs:
        computed !== null &&
        ((statedConsumption !== null && computed.energy !== statedConsumption) ||
          (bill !== null && computed.cost !== bill)),
      lineItems: s.lineItems,
      fields: f,
    });
  }
  for (const x of all)
    if (x.costs > 0 && x.currency === null)
      notes.push(`${x.key}: costs given without a currency in its ReadingType; stored without one`);
  if (startsRounded > 0)
    notes.push(`${startsRounded} start time(s) with fractional seconds rounded to the nearest second`);
  return {
    series: all.map((x) => ({
      series: x.key,
      usagePoint: x.usagePoint,
      readingType: x.readingType,
      meterId: x.meterId,
      commodity: x.commodity,
      unit: x.unit,
      direction: x.direction,
      powerOfTenMultiplier: x.multiplier,
      intervalSeconds: [...x.intervalSeconds].sort((a, b) => a - b),
      readings: x.readings,
      valueSum: `${new Dec(x.valueSum.toString()).plus(x.decimalValueSum).times(new Dec(10).pow(x.multiplier)).toFixed()} ${x.unit}`,
      costSum: x.costs > 0 ? scaledDecimal(x.costSum, 5) : null,
      costCurrency: x.currency,
      refused: x.refusal,
    })),
    usageSummaries,
    localTimeParameters: localTimes.map((t) => ({ key: t.key, ...t.fields })),
    notes,
  };
}

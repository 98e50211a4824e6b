/**
 * What is stored, read back: the meters, a meter's readings at interval or hour resolution,
 * and the market prices.
 */

import type { MeterDto, ReadingDto } from '../../shared/contract';
import { daysRangeUtc, formatSeedUtc } from '../../shared/time';
import { milliWhToKwh, scaledDecimal } from '../../shared/units';
import { sumIntoHours } from '../engine/hourly';
import { invalidInput, notFound } from '../errors';
import { type MeterRow } from '../store/definition-repository';
import { listMeters, meterUnit } from '../store/meter-repository';
import { participantExists } from '../store/participant-directory';
import {
  fileCostsBetween,
  marketPricesBetween,
  readingsBetween,
  summaryReadingsBetween,
} from '../store/readings-repository';

import type { Handlers } from './context';

const meterDto = (row: MeterRow): MeterDto => ({
  id: row.id,
  participantId: row.participant_id,
  name: row.name,
  meterType: row.meter_type,
  direction: row.direction,
  settles: row.settles === 1,
  commodity: row.commodity,
  unit: row.unit,
});

export const readingHandlers: Pick<Handlers, 'meters:list' | 'meters:readings' | 'market-prices:list'> = {
  async 'meters:list'({ workspace }, input) {
    if (input.participantId !== undefined) {
      if (!(await participantExists(workspace.db, input.participantId)))
        throw notFound(`participant "${input.participantId}" does not exist`);
    }
    const rows = await listMeters(workspace.db, input.participantId ?? null);
    return rows.map(meterDto);
  },

  async 'meters:readings'({ workspace }, input) {
    const meter = await meterUnit(workspace.db, input.meterId);
    if (!meter) throw notFound(`meter "${input.meterId}" does not exist`);
    // Quantities are thousandths of the meter's unit: mWh for electricity (shown in kWh), else e.g. milli-therms.
    const quantity = (stored: number) =>
      meter.unit === 'Wh' ? milliWhToKwh(stored) : scaledDecimal(BigInt(stored), 3);
    const { timezone } = await workspace.settings();
    const range = daysRangeUtc(input.from, input.to, timezone);
    if (range.end - range.start > 366 * 86400 * 2) {
      throw invalidInput('meters:readings: at most two years at a time', {
        to: ['must be at most two years after from'],
      });
    }
    const stored = await readingsBetween(workspace.db, input.meterId, range.start, range.end);
    const costs = await fileCostsBetween(workspace.db, 'readings', input.meterId, range.start, range.end);
    let readings: ReadingDto[];
    let totalMilliWh = 0;
    let costTotal = 0n;
    const currencies = new Set<string>();
    const withCost = (reading: ReadingDto, cost: bigint | null): ReadingDto => {
      if (cost === null) return reading;
      costTotal += cost;
      return { ...reading, fileCost: scaledDecimal(cost, 5) };
    };
    for (const cost of costs.values()) currencies.add(cost.currency);
    if (input.resolution === 'hour') {
      readings = sumIntoHours(stored, range.start)
        .filter((hour) => hour.hourStartUtc >= range.start && hour.hourStartUtc < range.end)
        .map((hour) => {
          totalMilliWh += hour.energyMilliWh;
          let cost: bigint | null = null;
          for (let at = hour.hourStartUtc; at < hour.hourStartUtc + 3600; at += 300) {
            const found = costs.get(at);
            if (found) cost = (cost ?? 0n) + found.cost;
          }
          return withCost(
            {
              startDate: formatSeedUtc(hour.hourStartUtc),
              endDate: formatSeedUtc(hour.hourStartUtc + 3599),
              kWh: quantity(hour.energyMilliWh),
              minutes: hour.minutesCovered,
              estimated: hour.isEstimated,
            },
            cost,
          );
        });
    } else {
      readings = stored
        .filter((reading) => reading.startUtc >= range.start && reading.startUtc < range.end)
        .map((reading) => {
          totalMilliWh += reading.energyMilliWh;
          return withCost(
            {
              startDate: formatSeedUtc(reading.startUtc),
              endDate: formatSeedUtc(reading.endUtc - 1),
              kWh: quantity(reading.energyMilliWh),
              minutes: (reading.endUtc - reading.startUtc) / 60,
              estimated: reading.isEstimated,
            },
            costs.get(reading.startUtc)?.cost ?? null,
          );
        });
    }
    const summaryCosts = await fileCostsBetween(
      workspace.db,
      'summary_readings',
      input.meterId,
      range.start,
      range.end,
    );
    for (const cost of summaryCosts.values()) currencies.add(cost.currency);
    const summaryReadings = (
      await summaryReadingsBetween(workspace.db, input.meterId, range.start, range.end)
    ).map((reading) =>
      withCost(
        {
          startDate: formatSeedUtc(reading.startUtc),
          endDate: formatSeedUtc(reading.endUtc - 1),
          kWh: quantity(reading.energyMilliWh),
          minutes: (reading.endUtc - reading.startUtc) / 60,
          estimated: reading.isEstimated,
        },
        summaryCosts.get(reading.startUtc)?.cost ?? null,
      ),
    );
    return {
      meterId: input.meterId,
      timezone,
      from: input.from,
      to: input.to,
      resolution: input.resolution,
      unit: meter.unit === 'Wh' ? 'kWh' : meter.unit,
      totalKWh: quantity(totalMilliWh),
      readings,
      summaryReadings,
      ...(costs.size + summaryCosts.size > 0
        ? { fileCostTotal: scaledDecimal(costTotal, 5), fileCurrency: [...currencies].join('/') }
        : {}),
    };
  },

  async 'market-prices:list'({ workspace }, input) {
    const settings = await workspace.settings();
    const range = daysRangeUtc(input.from, input.to, settings.timezone);
    const prices = await marketPricesBetween(workspace.db, settings.priceZone, range.start, range.end);
    return {
      priceZone: settings.priceZone,
      currency: settings.currency,
      prices: prices.map((price) => ({
        startDate: formatSeedUtc(price.startUtc),
        endDate: formatSeedUtc(price.endUtc - 1),
        pricePerKwh: price.pricePerKwh,
      })),
    };
  },
};

/**
 * The settled market's views (seed 000 and below it): a consumer's month, days, hours and year,
 * and a prosumer's transactions, distribution, breakdown, revenue and payments. Each answers its
 * own envelope (`SeedBody`).
 */
import { z } from 'zod';

import { Day, Id } from '../definition';

import { IntegerParam, MeterType, RunId, output, type SeedBody } from './common';

const MonthNumber = IntegerParam.pipe(
  z.number().min(1, 'must be a month number 1–12').max(12, 'must be a month number 1–12'),
);

const Year = IntegerParam.pipe(
  z.number().min(1900, 'must be a year such as 2022').max(2200, 'must be a year such as 2022'),
);

const monthView = <K extends string>(idKey: K) =>
  z.object({ [idKey]: Id, month: MonthNumber, year: Year, meterType: MeterType, runId: RunId.optional() } as {
    [P in K]: typeof Id;
  } & {
    month: typeof MonthNumber;
    year: typeof Year;
    meterType: typeof MeterType;
    runId: z.ZodOptional<typeof RunId>;
  });

export const viewOperations = {
  'consumer:overview': {
    input: monthView('consumerId'),
    http: 'GET /api/consumer/:consumerId/overview',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** Below the consumer overview (not a seed view): the month's local days. */
  'consumer:days': {
    input: monthView('consumerId'),
    http: 'GET /api/consumer/:consumerId/days',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** Every hour of a consumer's month: load and the 24/7 CFE that met it. */
  'consumer:hours': {
    input: monthView('consumerId'),
    http: 'GET /api/consumer/:consumerId/hours',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** One local day of a consumer hour by hour: each provider's line and the grid's. */
  'consumer:daily-tracking': {
    input: z.object({ consumerId: Id, date: Day, meterType: MeterType }),
    http: 'GET /api/consumer/:consumerId/daily-tracking',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  /** A consumer's year month by month (not a seed view): 24/7 CFE and grid kWh, cost and CFE score of each settled month. */
  'consumer:year': {
    input: z.object({ consumerId: Id, year: Year, meterType: MeterType }),
    http: 'GET /api/consumer/:consumerId/year',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:transactions': {
    input: monthView('prosumerId'),
    http: 'GET /api/prosumer/:prosumerId/transactions',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:distribution': {
    input: monthView('prosumerId'),
    http: 'GET /api/prosumer/:prosumerId/distribution',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:breakdown': {
    input: z.object({
      prosumerId: Id,
      period: z.enum(['D', 'W', 'Y'], { error: () => 'must be one of D, W, Y' }),
      date: Day,
      meterType: MeterType,
    }),
    http: 'GET /api/prosumer/:prosumerId/breakdown',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:revenue': {
    input: z.object({ prosumerId: Id, meterType: MeterType }),
    http: 'GET /api/prosumer/:prosumerId/revenue',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:payments': {
    input: z.object({ prosumerId: Id, meterType: MeterType, asOf: Day.optional() }),
    http: 'GET /api/prosumer/:prosumerId/payments',
    output: output<SeedBody>(),
    envelope: 'body',
  },
  'prosumer:daily-tracking': {
    input: z.object({ prosumerId: Id, date: Day, meterType: MeterType }),
    http: 'GET /api/prosumer/:prosumerId/daily-tracking',
    output: output<SeedBody>(),
    envelope: 'body',
  },
} as const;

/**
 * The demo's hourly readings and market prices (see generate.ts): rooftop solar following the
 * sun's elevation over Bangkok with a cloud factor that varies day to day and with the monsoon,
 * the sites' loads on their shapes with hourly noise, and open-market prices with an evening
 * peak and cheaper sunny middays. One seeded sequence, drawn in a fixed order (clouds, each
 * prosumer, each consumer, prices), so the same seed gives the same values on every machine.
 */
import { DateTime } from 'luxon';

import { canonicalDecimal } from '../../shared/units';

import { openEveryDay, profileOf } from './load-shapes';
import type { DemoMarket, DemoReading, LoadProfiles } from './market-types';
import { seededRandom } from './random';
import { consumers, DEMO_YEAR, prosumers, TIMEZONE } from './sites';

const LATITUDE = 13.75;
const LONGITUDE = 100.5;
const UTC_OFFSET_HOURS = 7;

/** Sine of the sun's elevation over Bangkok at the middle of a local hour (0 at night). */
function sunElevationSine(dayOfYear: number, localHour: number): number {
  const declination = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
  const solarTime = localHour + 0.5 + (LONGITUDE - 15 * UTC_OFFSET_HOURS) / 15;
  const hourAngle = (15 * (solarTime - 12) * Math.PI) / 180;
  const latitude = (LATITUDE * Math.PI) / 180;
  const sine =
    Math.sin(latitude) * Math.sin(declination) +
    Math.cos(latitude) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.max(0, sine);
}

const toMilliWh = (kwh: number) => Math.max(0, Math.round(kwh * 1_000_000));

/** A year of hourly readings for every site's meters, and the hourly market prices. */
export function demoReadingsAndPrices(options: { seed: number; profiles: LoadProfiles }): {
  readings: DemoReading[];
  prices: DemoMarket['prices'];
} {
  const random = seededRandom(options.seed);
  const yearStart = DateTime.fromObject({ year: DEMO_YEAR, month: 1, day: 1 }, { zone: TIMEZONE });
  const startUtc = yearStart.toSeconds();
  const hours = 8760;
  const readings: DemoReading[] = [];

  // Day-to-day cloud cover, wetter from May to October (the south-west monsoon).
  const cloudFactor: number[] = [];
  for (let day = 0; day < 365; day++) {
    const month = yearStart.plus({ days: day }).month;
    const monsoon = month >= 5 && month <= 10;
    const base = monsoon ? 0.55 : 0.85;
    cloudFactor.push(Math.min(1, Math.max(0.15, base + (random() - 0.5) * (monsoon ? 0.6 : 0.3))));
  }

  for (const prosumer of prosumers) {
    const meterId = `${prosumer.id}-pv`;
    for (let i = 0; i < hours; i++) {
      const day = Math.floor(i / 24);
      const hourNoise = 0.9 + 0.2 * random();
      const kwh = prosumer.peakKw * 0.82 * sunElevationSine(day + 1, i % 24) * cloudFactor[day]! * hourNoise;
      readings.push({ meterId, startUtc: startUtc + i * 3600, energyMilliWh: toMilliWh(kwh) });
    }
    if (prosumer.consumption) {
      const profile = profileOf(prosumer.consumption.profile, options.profiles, yearStart.weekday);
      for (let i = 0; i < hours; i++) {
        const kwh = prosumer.consumption.annualKwh * profile[i]! * (0.92 + 0.16 * random());
        readings.push({
          meterId: `${prosumer.id}-load`,
          startUtc: startUtc + i * 3600,
          energyMilliWh: toMilliWh(kwh),
        });
      }
    }
  }
  for (const consumer of consumers) {
    const shape = profileOf(consumer.profile, options.profiles, yearStart.weekday);
    // A Bangkok mall trades seven days a week: the retail shape on every day.
    const profile = consumer.id === 'c-mall' ? openEveryDay(shape) : shape;
    for (let i = 0; i < hours; i++) {
      const kwh = consumer.annualKwh * profile[i]! * (0.92 + 0.16 * random());
      readings.push({
        meterId: `${consumer.id}-main`,
        startUtc: startUtc + i * 3600,
        energyMilliWh: toMilliWh(kwh),
      });
    }
  }

  // Hourly open-market prices (THB/kWh): an evening peak, cheaper sunny middays, a few negative hours on bright weekends.
  const prices: DemoMarket['prices'] = [];
  for (let i = 0; i < hours; i++) {
    const hour = i % 24;
    const day = Math.floor(i / 24);
    const weekday = yearStart.plus({ days: day }).weekday;
    const evening = hour >= 18 && hour < 22 ? 1.6 : 0;
    const daytime = hour >= 9 && hour < 18 ? 0.6 : 0;
    const solarDip = hour >= 10 && hour < 15 ? 1.4 * cloudFactor[day]! : 0;
    const weekend = weekday >= 6 ? 0.7 : 0;
    const price = 2.1 + evening + daytime - solarDip - weekend + (random() - 0.5) * 0.5;
    // Canonical decimal text (no trailing zeros), as the market-price importer stores it.
    prices.push({ startUtc: startUtc + i * 3600, pricePerKwh: canonicalDecimal(price.toFixed(4)) });
  }
  return { readings, prices };
}

/**
 * The demo market: a deterministic, realistic workspace a trader can explore
 * straight after install. Bangkok, THB, one pool with three rooftop-solar
 * prosumers (one also consumes) and eight consumers with distinct load shapes,
 * hourly readings and market prices for the calendar year 2022.
 *
 * Pure and deterministic: the same seed gives byte-identical output on every
 * machine (a seeded PRNG, integer mWh rounded from each hour's value, prices
 * written with 4 decimals). Consumer shapes come from the DOE commercial
 * reference building profiles shipped in data/load-profiles (NREL REopt,
 * Apache-2.0), each read on the weekdays of 2022; solar follows the sun's
 * elevation over Bangkok with a cloud factor that varies day to day and with
 * the monsoon.
 *
 * Beside the definition, what the workspace definition cannot hold and the
 * demo saves through the API after it (main/demo/build-demo.ts): the market's
 * reference data (EGAT, MEA, PEA), MEA's small general service TOU tariff as
 * published for 2022 (docs/tariffs.md, "The demo's tariff"), an MEA account
 * for each site that buys from the grid, the mall's main incomer split into
 * three tenants (virtual meters), and the payments made against the
 * statements once they are issued (`demoPayments`).
 *
 * The parts: sites.ts (who is in the market), load-shapes.ts (the consumers' shapes),
 * readings.ts (weather, solar production, loads and prices, hour by hour), definition.ts (the
 * workspace definition), tariff.ts, reference.ts (reference data, accounts, virtual meters,
 * shadow prices), payments.ts, market-types.ts and random.ts. This file assembles the market.
 */
import { demoDefinition } from './definition';
import { demoLoadProfiles } from './load-shapes';
import type { AllocationKeyName, DemoMarket, LoadProfiles } from './market-types';
import { demoReadingsAndPrices } from './readings';
import { demoAccounts, demoReference, demoVirtualMeters } from './reference';
import { demoTariff } from './tariff';

export function generateDemoMarket(options: {
  key: AllocationKeyName;
  seed: number;
  profiles: LoadProfiles;
}): DemoMarket {
  const { readings, prices } = demoReadingsAndPrices(options);
  const definition = demoDefinition(options);
  return {
    definition,
    readings,
    prices,
    reference: demoReference(),
    loadProfiles: demoLoadProfiles(),
    tariff: demoTariff(),
    accounts: demoAccounts(),
    virtualMeters: demoVirtualMeters(),
  };
}

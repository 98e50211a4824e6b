/**
 * What the demo generator hands main/demo/build-demo.ts (see generate.ts): the market, its
 * readings and prices, and the records saved through the API after the definition (reference
 * data, load profiles, accounts, virtual meters), in the shapes those operations take.
 */
import type { WorkspaceDefinition } from '../../shared/definition';
import type { Tariff } from '../../shared/tariff';

export type AllocationKeyName = 'prorata' | 'priority' | 'static';

export interface DemoReading {
  meterId: string;
  startUtc: number;
  energyMilliWh: number;
}

/** Reference data as `reference:save` takes it (seed 002's field names). */
export interface DemoReference {
  utilities: {
    code: string;
    name: string;
    load_zones: string[];
    rate_classes: string[];
    voltages: string[];
    load_profiles: string[];
  }[];
}

/** A load profile as `load-profiles:save` takes it (CSV text, normalized when saved). */
export interface DemoLoadProfile {
  code: string;
  name: string;
  shape: 'year' | 'typical-days';
  csv: string;
  source: string;
}

/** A virtual meter as `virtual-meters:save` takes it. */
export interface DemoVirtualMeter {
  meterId: string;
  meter: {
    participantId: string;
    name: string;
    direction: 'consumption';
    settles: boolean;
    versions: {
      versionId: number;
      effectiveFrom: string;
      use: { copyUseFromMeter: { meterId: string; percentage: string } };
    }[];
  };
}

export interface DemoMarket {
  definition: WorkspaceDefinition;
  readings: DemoReading[];
  prices: { startUtc: number; pricePerKwh: string }[];
  /** Saved after the definition, before the months are settled (build-demo.ts). */
  reference: DemoReference;
  loadProfiles: DemoLoadProfile[];
  tariff: Tariff;
  /** Seed 002 accounts, as `accounts:create` takes them. */
  accounts: DemoAccount[];
  virtualMeters: DemoVirtualMeter[];
}

/** Named load shapes: 8,760 weights summing to 1 (index 0 = 1 January 00:00 local). */
export type LoadProfiles = Record<string, Float64Array>;

/** Seed 002's account fields, text but for the tag lists the seed requires. */
export type DemoAccount = Record<string, string | never[]>;

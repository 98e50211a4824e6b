/**
 * Writes the demo market into a new workspace file: its definition, readings and prices in one
 * transaction; then, through the API as a person would save them, its tariff, load profiles,
 * reference data, accounts and virtual meters; then every month settled (statements numbered
 * when published) and the payments made against them.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

import { callOperation } from '../api/dispatch';
import { validateDefinition } from '../importers/workspace-json';
import { settleMonth } from '../settlement/settle-month';
import { shippedDataFolder } from '../shipped-data';
import { writeDefinition } from '../store/definition-repository';
import { beginImport, finishImport } from '../store/imports-repository';
import { Workspace } from '../store/workspace';

import { generateDemoMarket } from './generate';
import type { AllocationKeyName, LoadProfiles } from './market-types';
import { demoPayments, type DemoStatement } from './payments';
import { DEMO_LOAD_ZONE, demoShadowPrices } from './reference';
import { DEMO_YEAR } from './sites';

const profileFiles: Record<string, string> = {
  SmallOffice: 'crb8760_norm_SanFrancisco_SmallOffice.dat',
  PrimarySchool: 'crb8760_norm_SanFrancisco_PrimarySchool.dat',
  RetailStore: 'crb8760_norm_SanFrancisco_RetailStore.dat',
  MidriseApartment: 'crb8760_norm_SanFrancisco_MidriseApartment.dat',
  Supermarket: 'crb8760_norm_SanFrancisco_Supermarket.dat',
  Warehouse: 'crb8760_norm_SanFrancisco_Warehouse.dat',
};

/** data/load-profiles, found from this module in the source tree or from a bundle in dist/. */

export function loadShippedProfiles(): LoadProfiles {
  const folder = shippedDataFolder('load-profiles');
  const profiles: LoadProfiles = {};
  for (const [name, file] of Object.entries(profileFiles)) {
    const values = readFileSync(path.join(folder, file), 'utf8').split(/\s+/).filter(Boolean).map(Number);
    if (values.length !== 8760 || values.some((v) => !Number.isFinite(v) || v < 0)) {
      throw new Error(`load profile ${file} must hold 8,760 non-negative numbers`);
    }
    profiles[name] = Float64Array.from(values);
  }
  return profiles;
}

export async function buildDemoWorkspace(
  file: string,
  options: { key?: AllocationKeyName; seed?: number } = {},
): Promise<{ workspace: Workspace; readings: number }> {
  const key = options.key ?? 'prorata';
  const seed = options.seed ?? 2022;
  const market = generateDemoMarket({ key, seed, profiles: loadShippedProfiles() });
  const definition = validateDefinition(market.definition, 'demo definition');
  const workspace = await Workspace.create(file, definition.settings);
  try {
    await workspace.db.write(async (tx) => {
      await writeDefinition(tx, definition);
      const importId = await beginImport(tx, 'readings', `demo generator (key ${key}, seed ${seed})`);
      await tx.insertMany(
        'readings',
        ['meter_id', 'start_utc', 'end_utc', 'energy_milliwh', 'is_estimated', 'import_id'],
        market.readings.map((r) => [r.meterId, r.startUtc, r.startUtc + 3600, r.energyMilliWh, 0, importId]),
      );
      await tx.insertMany(
        'market_prices',
        ['price_zone', 'start_utc', 'end_utc', 'price_per_kwh', 'import_id'],
        market.prices.map((p) => [
          definition.settings.priceZone,
          p.startUtc,
          p.startUtc + 3600,
          p.pricePerKwh,
          importId,
        ]),
      );
      await finishImport(tx, {
        importId,
        kind: 'readings',
        fileName: `demo generator (key ${key}, seed ${seed})`,
        sha256: '',
        status: 'stored',
        rowsRead: market.readings.length + market.prices.length,
        rowsStored: market.readings.length + market.prices.length,
        valuesRounded: 0,
        rejectedRows: [],
        message: `demo: ${market.readings.length} hourly readings and ${market.prices.length} market prices for 2022`,
      });
    });
    // What the definition cannot hold, saved through the API (checked as any other save).
    const call = async (name: string, input: unknown): Promise<unknown> => {
      const result = await callOperation({ workspace }, name, input);
      if (!result.ok) throw new Error(`the demo's ${name} was refused: ${result.error.message}`);
      return result.value;
    };
    await call('tariffs:save', { tariff: market.tariff });
    for (const profile of market.loadProfiles)
      await call('load-profiles:save', { ...profile, normalize: true });
    await call('reference:save', { reference: market.reference });
    for (const account of market.accounts) await call('accounts:create', { account });
    // The accounts' zone's shadow prices (seed 002), imported as a user would import the file.
    const shadow = Buffer.from(demoShadowPrices(market.prices, definition.settings.timezone));
    const imported = await callOperation(
      { workspace, upload: () => Readable.from([shadow]), uploadSize: shadow.length },
      'imports:file',
      { fileName: `demo-shadow-prices-${DEMO_LOAD_ZONE}.json`, kind: 'auto' },
    );
    if (!imported.ok) throw new Error(`the demo's shadow prices were refused: ${imported.error.message}`);
    for (const virtual of market.virtualMeters) await call('virtual-meters:save', virtual);
    // Settled for the whole year at once, so every view has data straight away.
    for (let month = 1; month <= 12; month++) {
      const outcome = await settleMonth(workspace, `${DEMO_YEAR}-${String(month).padStart(2, '0')}`, {
        allowGaps: false,
      });
      if (outcome.status === 'refused') throw new Error(outcome.message);
    }
    // The statements are issued: payments against them, so receivables have a history.
    const issued = (await call('receivables:list', { asOf: `${DEMO_YEAR + 1}-12-31` })) as {
      participants: { participantId: string; months: Omit<DemoStatement, 'participantId'>[] }[];
    };
    const statements = issued.participants.flatMap((p) =>
      p.months.map((m) => ({
        participantId: p.participantId,
        month: m.month,
        amount: m.amount,
        dueDate: m.dueDate,
      })),
    );
    // As a bank's export, imported in one go (the Imports screen lists it beside the readings).
    const bank = [
      'participant_id,statement_month,paid_on,amount,reference',
      ...demoPayments(statements).map((p) =>
        [p.participantId, p.month, p.paidOn, p.amount, p.reference].join(','),
      ),
      '',
    ].join('\n');
    const paid = await callOperation(
      { workspace, upload: () => Readable.from([Buffer.from(bank)]), uploadSize: bank.length },
      'imports:file',
      { fileName: `demo bank transfers ${DEMO_YEAR}.csv`, kind: 'payments' },
    );
    if (!paid.ok || (paid.value as { status: string }).status !== 'stored')
      throw new Error(
        `the demo's payments were not stored: ${JSON.stringify(paid.ok ? paid.value : paid.error)}`,
      );
    await workspace.idle();
  } catch (error) {
    // A demo that did not finish is no workspace: remove the file rather than leave half a market.
    await workspace.close();
    for (const suffix of ['', '-wal', '-shm']) await rm(workspace.filePath + suffix, { force: true });
    throw error;
  }
  return { workspace, readings: market.readings.length };
}

/**
 * The small golden market of test/fixtures/workspace-golden.json (two generators, two
 * consumers, one pool, Asia/Bangkok, THB) in a real workspace file, and months of its four
 * meters' readings and market prices written as files and imported through the importers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Workspace } from '../../main/store/workspace';

import { writeMonthPrices, writeMonthReadings } from './month-files';
import { callOk, fixturesDir, importFileOk } from './temp-workspace';

export const GOLDEN_TZ = 'Asia/Bangkok';
export const GOLDEN_METERS = ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'];

/**
 * The golden November's metered hours (settlement-golden.test.ts works them by hand): 12 November
 * both generators trade at 10:00, gA's leftover sells to the market at 11:00 and goes unsold at
 * 12:00; consumers draw from the grid on the 13th at 20:00. Every other hour reads 0.
 */
export const GOLDEN_NOVEMBER_READINGS = {
  'gA-pv@2022-11-12T10': '6',
  'gB-pv@2022-11-12T10': '4',
  'c1-main@2022-11-12T10': '5',
  'c2-main@2022-11-12T10': '5',
  'gA-pv@2022-11-12T11': '1.000001',
  'c1-main@2022-11-12T11': '0.5',
  'c2-main@2022-11-12T11': '0.25',
  'gA-pv@2022-11-12T12': '1',
  'gB-pv@2022-11-12T12': '2',
  'c1-main@2022-11-12T12': '1',
  'c1-main@2022-11-13T20': '2',
  'c2-main@2022-11-13T20': '1',
};

/** The golden November's market prices: 2.5 (above gA's floor) at 12 November 11:00, 0.8 (below it) at 12:00, else 2.0. */
export const GOLDEN_NOVEMBER_PRICES = {
  '2022-11-12T11': '2.5',
  '2022-11-12T12': '0.8',
};

/** Imports the golden November's readings and market prices, written in `dir` as november.csv and november-prices.csv. */
export async function importGoldenNovember(workspace: Workspace, dir: string): Promise<void> {
  const readingsFile = path.join(dir, 'november.csv');
  writeMonthReadings(readingsFile, '2022-11', GOLDEN_TZ, GOLDEN_METERS, GOLDEN_NOVEMBER_READINGS);
  await importFileOk(workspace, readingsFile);
  const pricesFile = path.join(dir, 'november-prices.csv');
  writeMonthPrices(pricesFile, '2022-11', GOLDEN_TZ, GOLDEN_NOVEMBER_PRICES);
  await importFileOk(workspace, pricesFile);
}

/** The golden workspace with its November imported and settled: one published run of 2022-11. */
export async function settledGoldenNovember(file: string, dir: string): Promise<Workspace> {
  const workspace = await goldenWorkspace(file);
  await importGoldenNovember(workspace, dir);
  await callOk(workspace, 'settlement:settle', { month: '2022-11' });
  return workspace;
}

/** A new workspace holding the golden definition, edited first if asked (names, settings). */
export async function goldenWorkspace(file: string, edit?: (definition: any) => void): Promise<Workspace> {
  const workspace = await Workspace.create(file);
  const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
  edit?.(definition);
  await callOk(workspace, 'workspace:import-definition', { definition });
  return workspace;
}

/**
 * Imports a month of the four meters (`meterId@YYYY-MM-DDTHH` local → kWh; every other hour 0)
 * as `<month>.csv`, then its market prices (2.0 unless given) as `<month>-prices.csv`, both
 * written in `dir`.
 */
export async function importGoldenMonth(
  workspace: Workspace,
  dir: string,
  month: string,
  readings: Record<string, string>,
  prices: Record<string, string> = {},
): Promise<void> {
  const readingsFile = path.join(dir, `${month}.csv`);
  writeMonthReadings(readingsFile, month, GOLDEN_TZ, GOLDEN_METERS, readings);
  await importFileOk(workspace, readingsFile);
  const pricesFile = path.join(dir, `${month}-prices.csv`);
  writeMonthPrices(pricesFile, month, GOLDEN_TZ, prices);
  await importFileOk(workspace, pricesFile);
}

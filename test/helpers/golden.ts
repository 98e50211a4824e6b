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

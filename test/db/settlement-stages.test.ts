/**
 * Settlement's stages that read the store, each alone (issue 20), on the golden November:
 * gathering the month's inputs (every participant's net per hour, the market prices, the
 * imports behind them), resolving the terms per day, allocating with the engine, and the run
 * identity: the same inputs give the same identity (the one the published run has), and a
 * changed input or option gives another, naming the part of the digest that changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parsePrice } from '../../main/engine/money';
import { allocate } from '../../main/settlement/allocate';
import { gatherInputs, refuseUnsettleable } from '../../main/settlement/gather-inputs';
import { currentRunIdentity, digestInputs, runIdentity } from '../../main/settlement/identity';
import { resolveTerms } from '../../main/settlement/price';
import { latestPublishedRun } from '../../main/store/settlement-repository';
import { type Workspace } from '../../main/store/workspace';
import { GOLDEN_TZ, settledGoldenNovember } from '../helpers/golden';
import { tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
/** 12 November 2022, 10:00 in Bangkok. */
const H10 = Date.UTC(2022, 10, 12, 3) / 1000;

beforeAll(async () => {
  workspace = await settledGoldenNovember(temp.file('stages.sqlite'), temp.dir);
}, 60_000);
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('gatherInputs', () => {
  it('reads every participant’s net energy per hour, the market prices and the imports behind them', async () => {
    const inputs = await gatherInputs(workspace, '2022-11');
    expect(inputs.timezone).toBe(GOLDEN_TZ);
    expect(inputs.participantIds).toEqual(['c1', 'c2', 'gA', 'gB']);
    expect(inputs.hours).toHaveLength(30 * 24);
    expect(inputs.meterTypes).toEqual([1]);
    const h = inputs.hours.indexOf(H10);
    // Generation is positive, consumption negative, in mWh.
    expect(inputs.participantIds.map((_, p) => inputs.nets.get(1)![p]![h])).toEqual([
      -5_000_000, -5_000_000, 6_000_000, 4_000_000,
    ]);
    expect(inputs.gapList).toEqual([]);
    expect(inputs.metersWithoutReadings).toEqual([]);
    expect(inputs.marketPrices[h + 1]).toEqual(parsePrice('2.5'));
    expect(inputs.marketPrices[h]).toEqual(parsePrice('2'));
    expect(inputs.sources.map((s) => s.fileName)).toEqual(['november.csv', 'november-prices.csv']);
    expect(() => refuseUnsettleable('2022-11', inputs, false)).not.toThrow();
  });
});

describe('resolveTerms and allocate', () => {
  it('gives each participant its terms per day, and the engine allocates the hours on them', async () => {
    const inputs = await gatherInputs(workspace, '2022-11');
    const terms = await resolveTerms(workspace.db, '2022-11', inputs);
    const day = terms.hourDay[inputs.hours.indexOf(H10)]!;
    expect(terms.memberships.map((row) => row[day])).toEqual([
      { poolId: 'golden', key: 'prorata' },
      { poolId: 'golden', key: 'prorata' },
      { poolId: 'golden', key: 'prorata' },
      { poolId: 'golden', key: 'prorata' },
    ]);
    expect(terms.offers.map((row) => row[day]?.price.text ?? null)).toEqual([null, null, '3.2', '3']);
    expect(terms.gridRates.map((row) => row[day]?.map((r) => r.text) ?? null)).toEqual([
      ['4'],
      ['4'],
      null,
      null,
    ]);
    expect(terms.tariffPlans).toEqual([]);
    expect(terms.localHours[inputs.hours.indexOf(H10)]).toBe(10);

    const result = allocate(inputs, terms);
    expect(result.problems).toEqual([]);
    const run = (await latestPublishedRun(workspace.db, '2022-11'))!;
    expect(result.lines.hour.length).toBe(run.line_count);
    // At 10:00 the 10 kWh of both generators meet the 10 kWh both consumers draw: all traded.
    const at10 = result.lines.hour.flatMap((hour, i) => (hour === H10 ? [i] : []));
    expect(at10.map((i) => result.lines.kind[i])).toEqual(['traded', 'traded', 'traded', 'traded']);
    expect(at10.reduce((sum, i) => sum + result.lines.energy[i]!, 0)).toBe(10_000_000);
  });
});

describe('identity', () => {
  it('is the same for the same inputs (the published run’s), and another for other inputs or options', async () => {
    const run = (await latestPublishedRun(workspace.db, '2022-11'))!;
    const now = await currentRunIdentity(workspace, '2022-11', false);
    expect(now.identity).toBe(run.identity);
    expect((await currentRunIdentity(workspace, '2022-11', false)).identity).toBe(run.identity);
    expect((await currentRunIdentity(workspace, '2022-11', true)).identity).not.toBe(run.identity);

    const inputs = await gatherInputs(workspace, '2022-11');
    const terms = await resolveTerms(workspace.db, '2022-11', inputs);
    const digest = digestInputs('2022-11', inputs, terms);
    expect(digest).toEqual(now.inputs);
    expect(runIdentity(JSON.stringify({ allowGaps: false }), digest)).toBe(run.identity);
    // One mWh more at one hour changes the nets' digest, and only it.
    inputs.nets.get(1)![0]![0]! += 1;
    const changed = digestInputs('2022-11', inputs, terms);
    expect(
      Object.keys(digest).filter(
        (k) =>
          JSON.stringify(digest[k as keyof typeof digest]) !==
          JSON.stringify(changed[k as keyof typeof changed]),
      ),
    ).toEqual(['nets']);
    expect(runIdentity(JSON.stringify({ allowGaps: false }), changed)).not.toBe(run.identity);
  });
});

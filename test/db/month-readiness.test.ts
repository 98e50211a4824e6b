/**
 * Whether a month has data to settle (issue 18: "Settle now" is not offered for a month with no
 * data). `months:readiness` counts the meters that settle and the hours they have readings in,
 * on a real workspace with real imports: a month with every reading, a month with one meter's
 * day only, a month with nothing, and a market with no meter at all.
 */
import { writeFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Workspace } from '../../main/store/workspace';
import type { MonthReadinessDto } from '../../shared/contract';
import { GOLDEN_METERS, goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const readiness = (month: string): Promise<MonthReadinessDto> =>
  callOk(workspace, 'months:readiness', { month });

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('readiness.sqlite'));
  await importGoldenMonth(workspace, temp.dir, '2022-11', {});
  await callOk(workspace, 'settlement:settle', { month: '2022-11' });
  // December: c1-main's 12th only (24 local hours).
  const file = temp.file('c1-december-12.csv');
  const rows = Array.from(
    { length: 24 },
    (_, h) => `c1-main,2022-12-12T${String(h).padStart(2, '0')}:00:00+07:00,60,1.5`,
  );
  writeFileSync(file, `meter_id,interval_start,interval_minutes,energy_kwh\n${rows.join('\n')}\n`);
  await importFileOk(workspace, file, { kind: 'readings' });
}, 60_000);
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('months:readiness', () => {
  it('finds every reading of a settled month, and names its run in force', async () => {
    const november = await readiness('2022-11');
    expect(november).toMatchObject({
      month: '2022-11',
      meters: GOLDEN_METERS.length,
      metersWithData: GOLDEN_METERS.length,
      meterHours: GOLDEN_METERS.length * 720,
      meterHoursWithData: GOLDEN_METERS.length * 720,
      hasData: true,
    });
    expect(november.inForceRunId).toEqual(expect.any(Number));
    expect(november.message).toBe(
      'November 2022: every meter that settles has a reading in every hour (2,880 meter-hours).',
    );
  });

  it('counts the hours a month has readings in, meter by meter', async () => {
    const december = await readiness('2022-12');
    expect(december).toMatchObject({
      meters: 4,
      metersWithData: 1,
      meterHours: 4 * 744,
      meterHoursWithData: 24,
      hasData: true,
      inForceRunId: null,
    });
    expect(december.message).toContain('1 of 4 meter(s) have readings, in 24 of 2,976 meter-hours');
  });

  it('does not offer to settle a month with no reading, and says to import', async () => {
    const january = await readiness('2023-01');
    expect(january).toMatchObject({ metersWithData: 0, meterHoursWithData: 0, hasData: false });
    expect(january.message).toBe(
      'January 2023 has no readings for any of the 4 meter(s) that settle: import its meter data (Imports) before settling it.',
    );
  });

  it('says to build the market first in a workspace with no meter', async () => {
    const empty = await Workspace.create(temp.file('empty.sqlite'));
    try {
      const answer: MonthReadinessDto = await callOk(empty, 'months:readiness', { month: '2022-11' });
      expect(answer).toMatchObject({ meters: 0, hasData: false });
      expect(answer.message).toContain('no meter settles yet');
    } finally {
      await empty.close();
    }
  });
});

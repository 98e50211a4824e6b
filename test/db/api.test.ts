import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import type { Workspace } from '../../main/store/workspace';
import type { ReadingsDto } from '../../shared/contract';
import { importFixture, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;

beforeAll(async () => {
  workspace = await smallWorkspace(temp.file('api.sqlite'));
  expect((await importFixture(workspace, 'readings/hourly-kwh.input.csv')).ok).toBe(true);
  expect((await importFixture(workspace, 'readings/quarter-hourly-wh-bom-crlf.input.csv')).ok).toBe(true);
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('first operations of the contract', () => {
  it('lists participants with id, name and role', async () => {
    expect(await callOperation({ workspace }, 'participants:list', {})).toEqual({
      ok: true,
      value: [
        { id: 'con-b', name: 'Consumer B', role: 'consumer' },
        { id: 'con-c', name: 'Consumer C', role: 'consumer' },
        { id: 'gen-a', name: 'Generator A', role: 'prosumer' },
      ],
    });
  });

  it('lists a participant’s meters, and 404s an unknown participant', async () => {
    expect(await callOperation({ workspace }, 'meters:list', { participantId: 'gen-a' })).toEqual({
      ok: true,
      value: [
        {
          id: 'gen-a-pv',
          participantId: 'gen-a',
          name: null,
          meterType: 1,
          direction: 'generation',
          settles: true,
          commodity: 'electricity',
          unit: 'Wh',
        },
      ],
    });
    expect(await callOperation({ workspace }, 'meters:list', { participantId: 'ghost' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('answers readings of local days in the seeds’ UTC form, exact kWh strings', async () => {
    const result = await callOperation({ workspace }, 'meters:readings', {
      meterId: 'con-b-main',
      from: '2022-01-01',
      to: '2022-01-01',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        meterId: 'con-b-main',
        timezone: 'Asia/Bangkok',
        from: '2022-01-01',
        to: '2022-01-01',
        resolution: 'interval',
        unit: 'kWh',
        totalKWh: '5.250001',
        summaryReadings: [],
        readings: [
          {
            startDate: '2021-12-31 17:00:00',
            endDate: '2021-12-31 17:59:59',
            kWh: '2.000001',
            minutes: 60,
            estimated: false,
          },
          {
            startDate: '2021-12-31 18:00:00',
            endDate: '2021-12-31 18:59:59',
            kWh: '3.25',
            minutes: 60,
            estimated: false,
          },
        ],
      },
    });
  });

  it('sums quarter-hours into the hour with resolution=hour', async () => {
    const result = await callOperation({ workspace }, 'meters:readings', {
      meterId: 'con-c-main',
      from: '2022-01-01',
      to: '2022-01-01',
      resolution: 'hour',
    });
    expect(result.ok).toBe(true);
    const value = (result as { value: ReadingsDto }).value;
    expect(value.readings).toEqual([
      {
        startDate: '2022-01-01 00:00:00',
        endDate: '2022-01-01 00:59:59',
        kWh: '0.749502',
        minutes: 60,
        estimated: false,
      },
    ]);
    expect(value.totalKWh).toBe('0.749502');
  });

  it('answers bad input with field errors in seed 002’s shape', async () => {
    expect(
      await callOperation({ workspace }, 'meters:readings', {
        meterId: 'con-b-main',
        from: '2022-02-30',
        to: '2022-01-01',
        resolution: 'minute',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'meters:readings: from must be a date YYYY-MM-DD',
        fields: { from: ['must be a date YYYY-MM-DD'], resolution: ['must be one of interval, hour'] },
      },
    });
    expect(await callOperation({ workspace }, 'nobody:knows', {})).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'unknown operation "nobody:knows"' },
    });
  });

  it('replaces the definition through the contract, refusing to drop meters that hold readings', async () => {
    const got = await callOperation({ workspace }, 'workspace:get', {});
    expect(got.ok).toBe(true);
    const definition = structuredClone(
      (got as { value: { meters: unknown[]; participants: { name: string }[] } }).value,
    );
    definition.meters = definition.meters.slice(1);
    const refused = await callOperation({ workspace }, 'workspace:import-definition', { definition });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        fields: { meters: ['leaves out meter "con-b-main", which has stored readings'] },
      },
    });
    const renamed = structuredClone((got as { value: { participants: { name: string }[] } }).value);
    [renamed.participants[0]!.name, renamed.participants[1]!.name] = [
      renamed.participants[1]!.name,
      renamed.participants[0]!.name,
    ];
    expect(
      await callOperation({ workspace }, 'workspace:import-definition', { definition: renamed }),
    ).toMatchObject({ ok: true });
    expect(await callOperation({ workspace }, 'workspace:get', {})).toEqual({ ok: true, value: renamed });
  });
});

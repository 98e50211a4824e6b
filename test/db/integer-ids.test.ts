/**
 * Stable integer ids beside the readable codes (issue 19, migration 0015): tariffs, their
 * rates and bands, accounts, meters, channels and meter groups answer with integers where the
 * seeds have them, keep them for good (a definition replacing the market, a tariff saved again),
 * and are accepted in place of the codes in paths and bodies, over the real loopback server.
 */
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bandOrdinal } from '../../main/api/calculated-cost-seed';
import { codeReferences } from '../../main/api/code-refs';
import { callOperation } from '../../main/api/dispatch';
import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { httpClient, type HttpClient } from '../helpers/http-client';
import { januaryOnTieredTariff } from '../helpers/month-files';
import { egatTiered, serviceCharge } from '../helpers/tariff-fixture';
import { callOk, readFixtureJson, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TOKEN = 'integer-ids';
let workspace: Workspace;
let server: RunningServer;
let http: HttpClient;

async function numbers(kind: string): Promise<Record<string, number>> {
  const rows = await workspace.db.all<{ code: string; number: number }>(
    "SELECT code, number FROM code_numbers WHERE kind = ? AND scope = '' ORDER BY number",
    [kind],
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.number]));
}

const JANUARY = {
  fromDateTime: '2022-01-01',
  toDateTime: '2022-02-01',
  detailLevel: 'RATE',
  groupBy: 'MONTH',
};

beforeAll(async () => {
  workspace = await smallWorkspace(temp.file('ids.sqlite'));
  await januaryOnTieredTariff(workspace, temp.file('january.csv'), () => '1.25');
  server = await startServer({ workspace, port: 0, token: TOKEN });
  http = httpClient(server.port, TOKEN);
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

describe('integer ids beside the codes', () => {
  it('numbers what the workspace stores, 1, 2, 3 … per kind in the order stored', async () => {
    expect(await numbers('meter')).toEqual({ 'gen-a-pv': 1, 'con-b-main': 2, 'con-c-main': 3 });
    expect(await numbers('channel')).toEqual({ 'gen-a-pv': 1, 'con-b-main': 2, 'con-c-main': 3 });
    expect(await numbers('tariff')).toEqual({ 'egat-tiered': 1 });
    expect(await numbers('account')).toEqual({ 'acc-b': 1 });
  });

  it('answers seed 001 with the tariff’s, rates’ and bands’ integers, the codes beside them', async () => {
    const byCode = await http('POST', '/rest/v1/accounts/acc-b/calculate', JANUARY);
    expect(byCode.status).toBe(200);
    const [result] = byCode.body.results;
    expect(result).toMatchObject({ masterTariffId: 1, masterTariffCode: 'egat-tiered' });
    const rates = await workspace.db.all<{ code: string; number: number }>(
      "SELECT code, number FROM code_numbers WHERE kind = 'tariff_rate' AND scope = 'egat-tiered'",
    );
    const rateNumber = Object.fromEntries(rates.map((r) => [r.code, r.number]));
    expect(Object.keys(rateNumber).sort()).toEqual(['energy', 'service', 'vat']);
    for (const item of result.items) {
      expect(item.tariffRateId).toBe(rateNumber[item.tariffRateCode]);
      expect(item.tariffRateBandId).toBe(
        item.tariffRateId * 10_000 + bandOrdinal(item.tariffRateBandCode ?? undefined),
      );
    }
    // The two energy tiers are two bands of one rate: one rate id, two band ids.
    const energy = result.items.filter((i: any) => i.tariffRateCode === 'energy');
    expect(energy.map((i: any) => i.tariffRateBandCode)).toEqual(['period 0 tier 1', 'period 0 tier 2']);
    expect(new Set(energy.map((i: any) => i.tariffRateBandId)).size).toBe(2);

    // The version that priced the month, by its integer id as the seed has it, its code beside.
    const versions = await workspace.db.all<{ code: string; number: number }>(
      "SELECT code, number FROM code_numbers WHERE kind = 'tariff_version' AND scope = 'egat-tiered'",
    );
    expect(versions).toEqual([{ code: 'egat-tiered-2022', number: 1 }]);
    expect(result.assumptions).toEqual([
      expect.objectContaining({
        keyName: 'tariffId',
        dataType: 'INTEGER',
        dataValue: '1',
        dataValueCode: 'egat-tiered-2022',
      }),
    ]);
    // The same bill asked for by the integers, in the path and in the body.
    const byNumber = await http('POST', '/rest/v1/accounts/1/calculate', { ...JANUARY, masterTariffId: 1 });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.results[0].exact.totalCost).toBe(result.exact.totalCost);
    expect(byNumber.body.results[0].items).toEqual(result.items);
    // A number that names nothing is refused by name, not taken as a code.
    const none = await http('POST', '/rest/v1/accounts/99/calculate', JANUARY);
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/account "99" does not exist/);
  });

  it('keeps every number when a tariff is saved again and the market is replaced', async () => {
    const before = {
      meter: await numbers('meter'),
      tariff: await numbers('tariff'),
      rates: await workspace.db.all("SELECT code, number FROM code_numbers WHERE kind = 'tariff_rate'"),
    };
    // A fourth rate joins the tariff; the three keep theirs, the new one takes the next.
    await callOk(workspace, 'tariffs:save', {
      tariff: egatTiered([{ ...serviceCharge('10'), tariffRateId: 'meter-fee', rateName: 'Meter fee' }]),
    });
    const after = await workspace.db.all<{ code: string; number: number }>(
      "SELECT code, number FROM code_numbers WHERE kind = 'tariff_rate' ORDER BY number",
    );
    expect(after.slice(0, 3)).toEqual(before.rates);
    expect(after[3]).toEqual({ code: 'meter-fee', number: 4 });
    expect(await numbers('tariff')).toEqual(before.tariff);

    // The market replaced by a definition without con-c's meter, then with it again.
    const definition = readFixtureJson<any>('workspace-small.json');
    const withoutC = {
      ...definition,
      meters: definition.meters.filter((m: any) => m.id !== 'con-c-main'),
    };
    await callOk(workspace, 'workspace:import-definition', { definition: withoutC });
    await callOk(workspace, 'workspace:import-definition', {
      definition: {
        ...definition,
        meters: [...definition.meters, { id: 'con-c-sub', participantId: 'con-c', direction: 'consumption' }],
      },
    });
    expect(await numbers('meter')).toEqual({ ...before.meter, 'con-c-sub': 4 });
    // A number is never changed or given to another code.
    await expect(workspace.db.write((tx) => tx.run('DELETE FROM code_numbers'))).rejects.toThrow(
      /cannot be removed/,
    );
    await expect(
      workspace.db.write((tx) => tx.run('UPDATE code_numbers SET number = number + 100')),
    ).rejects.toThrow(/cannot be changed/);
  });

  it('takes seed 004’s account and device by their integers too', async () => {
    const device = (account: string | number, meter: string | number) =>
      `/connect/user/current-user/account/${account}/location/default-location/device/${meter}/consumption/MONTHLY;from=2022-01-01T00:00:00%2B07:00;to=2022-02-01T00:00:00%2B07:00`;
    const byCode = await http('GET', device('acc-b', 'con-b-main'));
    expect(byCode.status).toBe(200);
    const meter = (await numbers('meter'))['con-b-main']!;
    const byNumber = await http('GET', device(1, meter));
    expect(byNumber.status).toBe(200);
    expect(byNumber.body).toEqual(byCode.body);
  });

  it('answers seed 002 with the account’s integer and takes it in the path', async () => {
    const got = await http('GET', '/api/v1/accounts/1');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: 1, account_code: 'acc-b' });
    expect((await http('GET', '/api/v1/accounts/acc-b')).body).toEqual(got.body);
  });

  it('answers seed 003 with meters’, channels’ and groups’ integers, and takes them in paths and bodies', async () => {
    const meter = (await numbers('meter'))['con-b-main']!;
    const channel = (await numbers('channel'))['con-b-main']!;
    const physical = await http('GET', `/api/accounts/con-b/meters/${meter}/calculated-use/1`);
    expect(physical.status).toBe(200);
    expect(physical.body.readingsFromChannel).toMatchObject({
      channelId: channel,
      channelCode: 'con-b-main',
    });

    // A group and a virtual meter defined by integers: stored by their codes.
    const group = await callOk(workspace, 'meter-groups:save', {
      groupId: 'consumers',
      name: 'Consumers',
      meterIds: [meter],
    });
    expect(group.meterIds).toEqual(['con-b-main']);
    const groupNumber = (await numbers('meter_group')).consumers!;
    await callOk(workspace, 'virtual-meters:save', {
      meterId: 'con-b-copy',
      meter: {
        participantId: 'con-b',
        settles: false,
        versions: [
          {
            versionId: 1,
            effectiveFrom: '2022-01-01',
            effectiveTo: '2022-01-15',
            use: { readingsFromChannel: { channelId: channel } },
          },
          {
            versionId: 2,
            effectiveFrom: '2022-01-15',
            use: { useCalculation: { sum: { sumMeters: [], sumMeterGroups: [groupNumber] } } },
          },
        ],
      },
    });
    const stored = (await callOk(workspace, 'virtual-meters:list', {})).find(
      (m: any) => m.id === 'con-b-copy',
    );
    expect(stored.versions.map((v: any) => v.use)).toEqual([
      { readingsFromChannel: { meterId: 'con-b-main' } },
      {
        useCalculation: {
          sum: { sumMeters: [], sumMeterGroups: ['consumers'] },
          subtract: { subtractMeters: [], subtractMeterGroups: [] },
        },
      },
    ]);
    const virtualNumber = (await numbers('meter'))['con-b-copy']!;
    const v2 = await http('GET', `/api/accounts/con-b/meters/${virtualNumber}/calculated-use/2`);
    expect(v2.status).toBe(200);
    expect(v2.body.useCalculation.sum.sumMeterGroups[0]).toMatchObject({
      meterGroupId: groupNumber,
      meterGroupCode: 'consumers',
      meters: [{ meterId: meter, meterCode: 'con-b-main' }],
    });
    // A virtual meter has no channel of its own.
    expect(await numbers('channel')).not.toHaveProperty('con-b-copy');
  });

  it('carries both names through a URDB export into another workspace, the numbers kept where free', async () => {
    const exported = await callOk(workspace, 'tariffs:export-urdb', { masterTariffId: 1 });
    expect(exported.rate.energy_ledger).toEqual({
      masterTariffId: 1,
      masterTariffCode: 'egat-tiered',
      tariffId: 1,
      tariffCode: 'egat-tiered-2022',
      rates: expect.arrayContaining([{ tariffRateId: 1, tariffRateCode: 'energy' }]),
    });
    const other = await Workspace.create(temp.file('other.sqlite'));
    try {
      // The other workspace already gave number 1 to a tariff of its own: the import takes the next.
      await callOk(other, 'tariffs:save', { tariff: { ...egatTiered(), masterTariffId: 'local' } });
      const read = await callOperation({ workspace: other }, 'tariffs:import-urdb', { rate: exported.rate });
      expect(read.ok).toBe(true);
      const rows = await other.db.all(
        "SELECT code, number FROM code_numbers WHERE kind = 'tariff' ORDER BY number",
      );
      expect(rows).toEqual([
        { code: 'local', number: 1 },
        { code: 'egat-tiered', number: 2 },
      ]);
      // In a fresh workspace the exported numbers are free, and kept.
      const fresh = await Workspace.create(temp.file('fresh.sqlite'));
      try {
        await callOk(fresh, 'tariffs:import-urdb', {
          rate: { ...exported.rate, energy_ledger: { ...exported.rate.energy_ledger, masterTariffId: 522 } },
        });
        expect(await fresh.db.all("SELECT code, number FROM code_numbers WHERE kind = 'tariff'")).toEqual([
          { code: 'egat-tiered', number: 522 },
        ]);
      } finally {
        await fresh.close();
      }
    } finally {
      await other.close();
    }
  });
});

describe('docs/api.md', () => {
  it('names every operation that takes an integer id in place of a code', () => {
    const text = readFileSync('docs/api.md', 'utf8');
    const section = text.slice(
      text.indexOf('## Integer ids and codes'),
      text.indexOf("## Keys added to the seeds' answers"),
    );
    const requests = section.slice(section.indexOf('**Requests.**'), section.indexOf('**URDB.**'));
    const named = [...new Set([...requests.matchAll(/`([a-z-]+:[a-z-]+)`/g)].map((m) => m[1]))].sort();
    expect(named).toEqual(Object.keys(codeReferences()).sort());
  });
});

describe('band ordinals', () => {
  it('give every band of a rate its own place', () => {
    const bands = [
      undefined,
      'annual',
      'flat',
      'flat tier 2',
      'capacity-tag',
      'transmission-tag tier 99',
      ...Array.from({ length: 24 }, (_, p) => [
        `period ${p}`,
        `period ${p} tier 2`,
        `period ${p} tier 99`,
      ]).flat(),
    ];
    const ordinals = bands.map(bandOrdinal);
    // `period p` is its tier 1: the same band written two ways.
    expect(bandOrdinal('period 3')).toBe(bandOrdinal('period 3 tier 1'));
    expect(new Set(ordinals).size).toBe(bands.length);
    expect(Math.max(...ordinals)).toBeLessThan(10_000);
    expect(() => bandOrdinal('period 1 tier 100')).toThrow(/outside 1–99/);
    expect(() => bandOrdinal('weekend')).toThrow(/unknown/);
  });
});

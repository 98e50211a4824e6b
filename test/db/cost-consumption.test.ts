/**
 * Cost & consumption at any resolution (seed 004) over the loopback server:
 * the seed's request with its matrix parameters, every resolution summing
 * exactly to RANGE (consumption and cost) across the November DST change in
 * Los Angeles, XML in the seed's namespaces, sub-metering devices, and the
 * matrix-parameter refusals.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';

import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { startServer, type RunningServer } from '../../main/http/server';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { homesWorkspace, LOS_ANGELES } from '../helpers/home-devices';
import { residentialTou, touEnergyCharge } from '../helpers/tariff-fixture';
import { fixturesDir, marketDefinition, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const ZONE = LOS_ANGELES;
let workspace: Workspace;
let server: RunningServer;

async function call(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
  return result.value as any;
}
async function get(path: string, accept = 'application/json') {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    headers: { Authorization: 'Bearer cc-test', Accept: accept },
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text,
    json: () => JSON.parse(text),
  };
}
const base =
  '/connect/user/current-user/account/default-account/location/default-location/device/dev-1/consumption';
const range = ';from=2022-10-30T00:00:00-07:00;to=2022-11-09T00:00:00-08:00';

beforeAll(async () => {
  workspace = await homesWorkspace(
    temp.file('cc.sqlite'),
    'Home',
    [{ id: 'home', name: 'A home', role: 'consumer' }],
    [{ id: 'dev-1', participantId: 'home', direction: 'consumption', settles: false }],
  );
  // 15-minute readings, 0.101 kWh + 0.001 per quarter of the local day, from 30 October to 9 November.
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  const start = DateTime.fromISO('2022-10-30T00:00', { zone: ZONE }).toSeconds();
  const end = DateTime.fromISO('2022-11-09T00:00', { zone: ZONE }).toSeconds();
  for (let t = start; t < end; t += 900) {
    const local = DateTime.fromSeconds(t, { zone: ZONE });
    const kwh = new Dec('0.101').plus(new Dec(local.hour * 4 + local.minute / 15).times('0.001'));
    lines.push(`dev-1,${local.toISO({ suppressMilliseconds: true })},15,${kwh.toFixed()}`);
  }
  writeFileSync(temp.file('dev-1.csv'), `${lines.join('\n')}\n`);
  const imported = await callOperation(
    { workspace, upload: () => createReadStream(temp.file('dev-1.csv')) },
    'imports:file',
    { fileName: 'dev-1.csv' },
  );
  expect(imported.ok).toBe(true);
  await call('tariffs:save', {
    tariff: residentialTou([
      touEnergyCharge('0.21', '0.43'),
      {
        tariffRateId: 'fixed',
        rateGroupName: 'Fixed',
        rateName: 'Base services',
        chargeClass: 'DISTRIBUTION',
        rateSequenceNumber: 2,
        type: 'FIXED_PRICE',
        amount: '0.33',
        per: 'day',
      },
    ]),
  });
  await call('accounts:save', { accountId: 'acc-home', participantId: 'home', masterTariffId: 'tou' });
  await call('virtual-meters:save', {
    meterId: 'dev-1-fridge',
    meter: {
      participantId: 'home',
      settles: false,
      versions: [
        {
          versionId: 1,
          effectiveFrom: '2022-01-01',
          use: { copyUseFromMeter: { meterId: 'dev-1', percentage: '12.5' } },
        },
      ],
    },
  });
  server = await startServer({ workspace, port: 0, token: 'cc-test' });
});
afterAll(async () => {
  await server?.close();
  await workspace?.close();
  temp.cleanup();
});

const mWh = (kwh: number) => new Dec(kwh).times(1_000_000).toNumber();

describe('cost and consumption (seed 004)', () => {
  it('answers the seed’s MONTHLY request in its shape, with rate-key components that add up to each month', async () => {
    const answer = await get(`${base}/MONTHLY${range}`);
    expect(answer.status).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({
      '@fromDate': '2022-10-30T07:00:00.000+00:00',
      '@toDate': '2022-11-09T08:00:00.000+00:00',
      '@deviceId': 'dev-1',
      componentList: {
        component: [
          { '@fromDate': '2022-10-30T07:00:00.000+00:00', '@toDate': '2022-11-01T07:00:00.000+00:00' },
          {},
        ],
      },
    });
    expect(typeof body.cost).toBe('string');
    expect(typeof body.consumption).toBe('number');
    for (const month of body.componentList.component) {
      const keys = month.componentList.component;
      expect(keys.map((k: any) => [k['@rateKey'], k['@peak']])).toEqual([
        ['A', false],
        ['B', true],
      ]);
      expect(keys.reduce((s: number, k: any) => s + mWh(k.consumption), 0)).toBe(mWh(month.consumption));
      expect(keys.reduce((s: any, k: any) => s.plus(k.cost), new Dec(0)).toFixed()).toBe(month.cost);
    }
    // The same range on the bill calculator costs the same.
    const bill = await call('accounts:calculate', {
      accountId: 'acc-home',
      fromDateTime: '2022-10-30T00:00:00-07:00',
      toDateTime: '2022-11-09T00:00:00-08:00',
    });
    expect(body.cost).toBe(bill.results[0].summary.exact.totalCost);
    expect(bill.results[0].summary.totalCost).toBe(Number(body.cost));
  });

  it('sums every resolution exactly to RANGE, consumption and cost, across the DST change', async () => {
    const whole = (await get(`${base}/RANGE${range}`)).json();
    expect(whole.componentList.component).toHaveLength(1);
    // 10 days, one of them 25 hours: 241 hours × 4 quarters.
    expect(whole.componentList.component[0]['@actualReadingsCount']).toBe(241 * 4);
    const counts: Record<string, number> = {};
    for (const resolution of ['QUARTER_HOURLY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']) {
      const body = (await get(`${base}/${resolution}${range}`)).json();
      const components = body.componentList.component;
      counts[resolution] = components.length;
      expect(
        components.reduce((s: number, c: any) => s + mWh(c.consumption), 0),
        resolution,
      ).toBe(mWh(whole.consumption));
      expect(components.reduce((s: any, c: any) => s.plus(c.cost), new Dec(0)).toFixed(), resolution).toBe(
        whole.cost,
      );
      expect(body.consumption).toBe(whole.consumption);
    }
    expect(counts).toEqual({ QUARTER_HOURLY: 964, HOURLY: 241, DAILY: 10, WEEKLY: 3, MONTHLY: 2, YEARLY: 1 });
    // 30 October 2022 is a Sunday: weeks (Monday first) of 24 October (one day), 31 October and 7 November.
    // The 25-hour day.
    const days = (await get(`${base}/DAILY${range}`)).json().componentList.component;
    const sixth = days.find((d: any) => d['@fromDate'] === '2022-11-06T07:00:00.000+00:00');
    expect(sixth['@toDate']).toBe('2022-11-07T08:00:00.000+00:00');
    expect(sixth['@actualReadingsCount']).toBe(100);
  });

  it('answers XML in the seed’s namespaces with the same figures', async () => {
    const json = (await get(`${base}/MONTHLY${range}`)).json();
    const xml = await get(`${base}/MONTHLY${range}`, 'application/xml');
    expect(xml.type).toContain('application/xml');
    expect(xml.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\n<deviceCostAndConsumption xmlns="http:\/\/platform.tendrilinc.com\/tnop\/extension\/ems" xmlns:ns2="http:\/\/iec.ch\/TC57\/2009\/MeterReadings#"/,
    );
    expect(xml.text).toContain(`deviceId="dev-1"`);
    expect(xml.text).toContain(`<cost>${json.cost}</cost>`);
    expect(xml.text).toContain(`<consumption>${json.consumption}</consumption>`);
    expect(xml.text.match(/<component actualReadingsCount=/g)).toHaveLength(2);
    expect(xml.text.match(/<component peak="true" rateKey="B">/g)).toHaveLength(2);
    // Every resolution's XML periods also sum exactly to RANGE, in kWh and in cost.
    const whole = (await get(`${base}/RANGE${range}`)).json();
    for (const resolution of ['QUARTER_HOURLY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']) {
      const text = (await get(`${base}/${resolution}${range}`, 'application/xml')).text;
      const periods = [
        ...text.matchAll(
          /<component actualReadingsCount="\d+"[^>]*>\s*<cost>([^<]+)<\/cost>\s*<consumption>([^<]+)<\/consumption>/g,
        ),
      ];
      expect(periods.length, resolution).toBeGreaterThan(0);
      expect(
        periods.reduce((t, m) => t + mWh(Number(m[2])), 0),
        resolution,
      ).toBe(mWh(whole.consumption));
      expect(periods.reduce((t, m) => t.plus(m[1]!), new Dec(0)).toFixed(), resolution).toBe(whole.cost);
    }
  });

  it('gives sub-metering devices (a virtual meter on the device) when asked, and the latest components when limited', async () => {
    const body = (
      await get(`${base}/DAILY${range};include-submetering-devices=true;limit-to-latest=3`)
    ).json();
    expect(body.componentList.component).toHaveLength(3);
    const fridge = body.subMeteringDetails.deviceCostAndConsumption[0];
    expect(fridge['@deviceId']).toBe('dev-1-fridge');
    expect(fridge.componentList.component).toHaveLength(3);
    // 12.5 % of each hour, split exactly: the fridge's days are an eighth of the device's (to the mWh per hour).
    const device = body.componentList.component.reduce((s: number, c: any) => s + mWh(c.consumption), 0);
    const part = fridge.componentList.component.reduce((s: number, c: any) => s + mWh(c.consumption), 0);
    expect(Math.abs(part * 8 - device)).toBeLessThan(8 * 72);
    const xml = await get(
      `${base}/DAILY${range};include-submetering-devices=true;limit-to-latest=1`,
      'application/xml',
    );
    expect(xml.text).toContain('<subMeteringDetails>');
  });

  it('parses the matrix parameters: lower case, malformed, missing, and a range without data', async () => {
    const lower = await get(`${base}/monthly${range}`);
    expect(lower.status).toBe(422);
    expect(lower.json()).toEqual({ resolution: ['must be upper case: MONTHLY'] });
    expect((await get(`${base}/FORTNIGHTLY${range}`)).json().resolution[0]).toMatch(
      /must be one of QUARTER_HOURLY/,
    );
    const malformed = await get(`${base}/DAILY;from`);
    expect(malformed.status).toBe(422);
    expect(malformed.json()).toEqual({ matrix: ['"from" is not a matrix parameter name=value'] });
    const badDate = await get(`${base}/DAILY;from=2022-11-01T00:00:00`);
    expect(badDate.status).toBe(422);
    expect(Object.keys(badDate.json())).toEqual(['from']);
    expect((await get(`${base}/DAILY;limit-to-latest=0`)).json()).toEqual({
      'limit-to-latest': ['must be an integer greater than zero'],
    });
    // A local date is midnight in the market timezone.
    const byDates = (await get(`${base}/RANGE;from=2022-11-01;to=2022-11-02`)).json();
    expect([byDates['@fromDate'], byDates['@toDate']]).toEqual([
      '2022-11-01T07:00:00.000+00:00',
      '2022-11-02T07:00:00.000+00:00',
    ]);
    // Without from and to: the device's first to last reading.
    const all = (await get(`${base}/RANGE`)).json();
    expect(all['@fromDate']).toBe('2022-10-30T07:00:00.000+00:00');
    expect(all['@toDate']).toBe('2022-11-09T08:00:00.000+00:00');
    expect((await get(`${base}/DAILY;from=2021-01-01T00:00:00Z;to=2021-02-01T00:00:00Z`)).status).toBe(404);
    expect((await get(base.replace('dev-1', 'nope') + '/DAILY')).status).toBe(404);
    expect((await get(base.replace('current-user', 'someone-else') + '/DAILY')).status).toBe(404);
    // Named ids instead of the defaults: the participant and its account.
    const named = await get(
      `/connect/user/home/account/acc-home/location/default-location/device/dev-1/consumption/YEARLY${range}`,
    );
    expect(named.status).toBe(200);
  });
});

describe('importing seed-004 documents as readings', () => {
  async function importFile(file: string, extra: Record<string, unknown> = {}) {
    const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
      fileName: path.basename(file),
      ...extra,
    });
    return result;
  }

  it('reads the seed’s example (JSON and XML): month-long components as summary usage with their costs, the 6-hour one rejected by name', async () => {
    await call('workspace:import-definition', {
      definition: {
        ...(await call('workspace:get', {})),
        meters: [
          { id: 'dev-1', participantId: 'home', direction: 'consumption', settles: false },
          { id: 'hall', participantId: 'home', direction: 'consumption', settles: false },
        ],
      },
    });
    const fixture = path.join(fixturesDir, 'cost-consumption', 'seed-monthly.json');
    const strict = await importFile(fixture, { mapping: { meterId: 'hall' } });
    expect(strict.ok).toBe(false);
    if (!strict.ok)
      expect(strict.error.message).toMatch(
        /line 2, column @fromDate value "2011-11-01T00:00:00.000\+00:00 … 2011-11-01T06:00:00.000\+00:00": is 360 minutes long/,
      );
    const partial = await importFile(fixture, { mapping: { meterId: 'hall' }, mode: 'partial' });
    expect(partial.ok).toBe(true);
    if (!partial.ok) return;
    expect(partial.value).toMatchObject({
      status: 'stored',
      rowsRead: 3,
      rowsStored: 2,
      format: 'cost-consumption',
      costAndConsumption: [
        { deviceId: '804f58aaaaaa0010', meterId: 'hall', statedKWh: '81.82654', statedCost: '7.36' },
      ],
      rejectedRows: [{ column: '@fromDate' }],
    });
    const readings = await call('meters:readings', { meterId: 'hall', from: '2011-10-01', to: '2012-01-31' });
    expect(readings.summaryReadings.map((r: any) => [r.kWh, r.fileCost])).toEqual([
      ['44.73632', '4.07'],
      ['36.51413', '3.24'],
    ]);
    // The XML of the same document: the same two readings (here on another meter).
    const xml = await importFile(path.join(fixturesDir, 'cost-consumption', 'seed-monthly.xml'), {
      mapping: { meterId: 'dev-1' },
      mode: 'partial',
    });
    if (!xml.ok) throw new Error(xml.error.message);
    expect(xml.value).toMatchObject({
      status: 'stored',
      rowsRead: 3,
      rowsStored: 2,
      rejectedRows: [{ line: 9 }],
    });
    const fromXml = await call('meters:readings', { meterId: 'dev-1', from: '2011-10-01', to: '2012-01-31' });
    expect(fromXml.summaryReadings.map((r: any) => [r.kWh, r.fileCost])).toEqual([
      ['44.73632', '4.07'],
      ['36.51413', '3.24'],
    ]);
  });

  it('round-trips the HOURLY answer (JSON and XML) into readings equal to the device’s, costs beside them', async () => {
    for (const [format, accept] of [
      ['json', 'application/json'],
      ['xml', 'application/xml'],
    ] as const) {
      const answer = await get(
        `${base}/HOURLY;from=2022-11-06T00:00:00-07:00;to=2022-11-07T00:00:00-08:00`,
        accept,
      );
      const file = temp.file(`hourly.${format}`);
      writeFileSync(file, answer.text);
      const ws2 = await Workspace.create(temp.file(`round-${format}.sqlite`), {
        timezone: ZONE,
        currency: 'USD',
      });
      try {
        await callOperation({ workspace: ws2 }, 'workspace:import-definition', {
          definition: marketDefinition(
            { name: 'Copy', timezone: ZONE, currency: 'USD', priceZone: 'CAISO' },
            [{ id: 'home', name: 'A home', role: 'consumer' }],
            [{ id: 'dev-1', participantId: 'home', direction: 'consumption', settles: false }],
          ),
        });
        const imported = await callOperation(
          { workspace: ws2, upload: () => createReadStream(file) },
          'imports:file',
          {
            fileName: `hourly.${format}`,
          },
        );
        expect(imported.ok, format).toBe(true);
        if (imported.ok) expect((imported.value as any).rowsStored, format).toBe(25);
        const copied = await callOperation({ workspace: ws2 }, 'meters:readings', {
          meterId: 'dev-1',
          from: '2022-11-06',
          to: '2022-11-06',
          resolution: 'hour',
        });
        const original = await call('meters:readings', {
          meterId: 'dev-1',
          from: '2022-11-06',
          to: '2022-11-06',
          resolution: 'hour',
        });
        expect(copied.ok && (copied.value as any).readings.map((r: any) => r.kWh), format).toEqual(
          original.readings.map((r: any) => r.kWh),
        );
        const costs = (copied.ok ? (copied.value as any).readings : []).map((r: any) => r.fileCost);
        expect(
          costs.every((c: string | undefined) => typeof c === 'string'),
          format,
        ).toBe(true);
        // The copy's own answer shows the file's costs beside (no tariff there, so no computed cost):
        // the hours' costs as the file gave them, kept to 1/100,000.
        const again = await callOperation({ workspace: ws2 }, 'consumption:device', {
          userId: 'current-user',
          accountId: 'default-account',
          locationId: 'default-location',
          deviceId: 'dev-1',
          resolution: 'DAILY',
        });
        if (!again.ok) throw new Error(again.error.message);
        const body = again.value as any;
        expect(body.cost, format).toBeNull();
        expect(
          body.componentList.component.every((c: any) => c.cost === null && c.componentList === null),
        ).toBe(true);
        const hourly = (
          await get(`${base}/HOURLY;from=2022-11-06T00:00:00-07:00;to=2022-11-07T00:00:00-08:00`)
        ).json();
        const expected = hourly.componentList.component.reduce(
          (t: any, c: any) => t.plus(new Dec(c.cost).toDecimalPlaces(5, Dec.ROUND_HALF_EVEN)),
          new Dec(0),
        );
        expect(body.fileCost, format).toBe(expected.toFixed());
      } finally {
        await ws2.close();
      }
    }
  });
});

/**
 * Settlement across DST days, with gaps, and on the demo market for all three
 * keys, checked independently: every hour's lines are recomputed against the
 * readings with SQL (invariants 1 and 2), and the views' sums must agree with
 * each other (days of the W breakdown = the month; each hour's lines = its supply).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { buildDemoWorkspace } from '../../main/demo/build-demo';
import { Workspace } from '../../main/store/workspace';
import { writeMonthReadings } from '../helpers/month-files';
import { readFixtureJson, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());

async function call(workspace: Workspace, name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as any;
}

async function importFile(workspace: Workspace, file: string) {
  const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    // These tests correct readings by importing new values over stored ones.
    onConflict: 'replace',
  });
  if (!result.ok) throw new Error(result.error.message);
}

async function goldenIn(timezone: string, name: string): Promise<Workspace> {
  const workspace = await Workspace.create(temp.file(name));
  const definition = readFixtureJson<any>('workspace-golden.json');
  definition.settings.timezone = timezone;
  await call(workspace, 'workspace:import-definition', { definition });
  return workspace;
}

describe('market time in settlement', () => {
  it('gives a Europe/Berlin D view 23 hours on 27 March and 25 on 30 October 2022', async () => {
    const workspace = await goldenIn('Europe/Berlin', 'berlin.sqlite');
    const meters = ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'];
    for (const month of ['2022-03', '2022-10']) {
      const hourly: Record<string, string> = {};
      writeMonthReadings(temp.file(`berlin-${month}.csv`), month, 'Europe/Berlin', meters, hourly);
      await importFile(workspace, temp.file(`berlin-${month}.csv`));
      // Every hour gA makes 1 kWh and c1 uses 0.5 kWh, written again over the zero file; no market prices, so leftovers stay unsold.
      const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
      const { readFileSync, writeFileSync } = await import('node:fs');
      for (const row of readFileSync(temp.file(`berlin-${month}.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1)) {
        const [meter, start] = row.split(',');
        if (meter === 'gA-pv') lines.push(`${meter},${start},60,1`);
        if (meter === 'c1-main') lines.push(`${meter},${start},60,0.5`);
      }
      writeFileSync(temp.file(`berlin-${month}-values.csv`), `${lines.join('\n')}\n`);
      await importFile(workspace, temp.file(`berlin-${month}-values.csv`));
      expect(await call(workspace, 'settlement:settle', { month })).toMatchObject({ status: 'published' });
    }
    const spring = await call(workspace, 'prosumer:breakdown', {
      prosumerId: 'gA',
      period: 'D',
      date: '2022-03-27',
      meterType: 1,
    });
    const autumn = await call(workspace, 'prosumer:breakdown', {
      prosumerId: 'gA',
      period: 'D',
      date: '2022-10-30',
      meterType: 1,
    });
    expect(spring.data).toHaveLength(23);
    expect(autumn.data).toHaveLength(25);
    expect(autumn.data.every((hour: any) => hour.usage.traded === 0.5 && hour.usage.unsold === 0.5)).toBe(
      true,
    );
    const tracking = await call(workspace, 'prosumer:daily-tracking', {
      prosumerId: 'gA',
      date: '2022-10-30',
      meterType: 1,
    });
    expect(tracking.data.transactions.map((t: any) => t.localHour).slice(1, 5)).toEqual([
      '2022-10-30T01:00:00+02:00',
      '2022-10-30T02:00:00+02:00',
      '2022-10-30T02:00:00+01:00',
      '2022-10-30T03:00:00+01:00',
    ]);
    const march = await call(workspace, 'prosumer:transactions', {
      prosumerId: 'gA',
      month: 3,
      year: 2022,
      meterType: 1,
    });
    expect(march.data.traded.allocation).toBe(String(0.5 * (31 * 24 - 1)));
    await workspace.close();
  });
});

describe('gaps', () => {
  it('refuses a month with a missing reading, naming it, and flags the hour under allow-gaps', async () => {
    const workspace = await goldenIn('Asia/Bangkok', 'gaps.sqlite');
    writeMonthReadings(
      temp.file('gaps.csv'),
      '2022-11',
      'Asia/Bangkok',
      ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'],
      { 'gA-pv@2022-11-05T09': '2', 'c2-main@2022-11-05T09': '1' },
      ['c1-main@2022-11-05T09'],
    );
    await importFile(workspace, temp.file('gaps.csv'));
    const refused = await callOperation({ workspace }, 'settlement:settle', { month: '2022-11' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { gaps: ['c1-main 2022-11-05 09:00'] } },
    });
    expect(refused.ok ? '' : refused.error.message).toContain(
      '1 meter-hour(s) have no reading: c1-main 2022-11-05 09:00',
    );
    expect(await call(workspace, 'runs:list', {})).toEqual([]);

    expect(await call(workspace, 'settlement:settle', { month: '2022-11', allowGaps: true })).toMatchObject({
      status: 'published',
      gapHours: 1,
    });
    const transactions = await call(workspace, 'prosumer:transactions', {
      prosumerId: 'gA',
      month: 11,
      year: 2022,
      meterType: 1,
    });
    // c1's missing hour counts as zero: c2 takes 1 kWh of gA's 2, the rest is unsold (no market prices here).
    expect(transactions.data).toMatchObject({
      gap_hours: 1,
      traded: { allocation: '1' },
      unsold: { allocation: '1' },
    });
    const day = await call(workspace, 'prosumer:breakdown', {
      prosumerId: 'gA',
      period: 'D',
      date: '2022-11-05',
      meterType: 1,
    });
    expect(day.data[9]).toMatchObject({ has_gap: true });
    expect(day.data.filter((h: any) => h.has_gap)).toHaveLength(1);
    await workspace.close();
  });

  it('says so when a month has no readings at all', async () => {
    const workspace = await goldenIn('Asia/Bangkok', 'empty.sqlite');
    expect(await callOperation({ workspace }, 'settlement:settle', { month: '2022-11' })).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: '2022-11: there are no readings for this month; import readings first',
      },
    });
    await workspace.close();
  });
});

describe('the demo market, recomputed independently', () => {
  for (const key of ['prorata', 'priority', 'static'] as const) {
    it(`${key}: every hour's lines balance the readings and the views agree`, async () => {
      const { workspace } = await buildDemoWorkspace(temp.file(`demo-${key}.sqlite`), { key });
      const runs = await call(workspace, 'runs:list', { withManifest: false });
      expect(runs.filter((r: any) => r.status === 'published')).toHaveLength(12);

      // Invariants 1 and 2 against the readings, for the whole year, in SQL.
      const net = `SELECT m.participant_id AS pid, r.start_utc AS hour,
                      SUM(CASE m.direction WHEN 'generation' THEN r.energy_milliwh ELSE -r.energy_milliwh END) AS net
                   FROM readings r JOIN meters m ON m.id = r.meter_id GROUP BY 1, 2`;
      const latest = `SELECT MAX(id) FROM settlement_runs WHERE status = 'published' GROUP BY month`;
      const supplyMismatch = await workspace.db.all(
        `WITH n AS (${net}), s AS (SELECT generator_id AS pid, hour_start_utc AS hour, SUM(energy_milliwh) AS sold FROM settlement_lines
           WHERE run_id IN (${latest}) AND generator_id IS NOT NULL GROUP BY 1, 2)
         SELECT n.pid, n.hour, n.net, s.sold FROM n LEFT JOIN s ON s.pid = n.pid AND s.hour = n.hour
         WHERE (n.net > 0 AND (s.sold IS NULL OR s.sold != n.net)) OR (n.net <= 0 AND s.sold IS NOT NULL) LIMIT 5`,
      );
      expect(supplyMismatch).toEqual([]);
      const loadMismatch = await workspace.db.all(
        `WITH n AS (${net}), b AS (SELECT consumer_id AS pid, hour_start_utc AS hour, SUM(energy_milliwh) AS bought FROM settlement_lines
           WHERE run_id IN (${latest}) AND consumer_id IS NOT NULL GROUP BY 1, 2)
         SELECT n.pid, n.hour, n.net, b.bought FROM n LEFT JOIN b ON b.pid = n.pid AND b.hour = n.hour
         WHERE (n.net < 0 AND (b.bought IS NULL OR b.bought != -n.net)) OR (n.net >= 0 AND b.bought IS NOT NULL) LIMIT 5`,
      );
      expect(loadMismatch).toEqual([]);
      const tradedLines = await workspace.db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM settlement_lines WHERE kind = 'traded' AND run_id IN (${latest})`,
      );
      expect(tradedLines!.n).toBeGreaterThan(10_000);

      // The days of the W breakdown sum to the month's transactions; each hour's lines sum to its supply.
      for (const prosumerId of ['p-sunrise', 'p-temple']) {
        const transactions = (
          await call(workspace, 'prosumer:transactions', { prosumerId, month: 6, year: 2022, meterType: 1 })
        ).data;
        const week = await call(workspace, 'prosumer:breakdown', {
          prosumerId,
          period: 'W',
          date: '2022-06-15',
          meterType: 1,
        });
        const sum = (kind: 'traded' | 'open_market' | 'unsold', part: 'bill' | 'usage') =>
          week.data.reduce(
            (acc: bigint, day: any) =>
              acc + BigInt(Math.round(day[part][kind] * (part === 'bill' ? 1e4 : 1e6))),
            0n,
          );
        for (const kind of ['traded', 'open_market', 'unsold'] as const) {
          expect(sum(kind, 'usage')).toBe(BigInt(Math.round(Number(transactions[kind].allocation) * 1e6)));
          expect(sum(kind, 'bill')).toBe(BigInt(Math.round(Number(transactions[kind].cost) * 1e4)));
        }
        const tracking = await call(workspace, 'prosumer:daily-tracking', {
          prosumerId,
          date: '2022-06-15',
          meterType: 1,
        });
        for (const hour of tracking.data.transactions) {
          const parts = [
            ...hour.traded.map((t: any) => t.allocation),
            hour.open_market.allocation,
            hour.unsold.allocation,
          ];
          expect(parts.reduce((acc: number, kwh: string) => acc + Math.round(Number(kwh) * 1e6), 0)).toBe(
            Math.round(hour.usagePerPeriod * 1e6),
          );
        }
      }
      // What consumers say they bought from a generator equals what the generator says it sold them.
      const sold = (
        await call(workspace, 'prosumer:distribution', {
          prosumerId: 'p-riverside',
          month: 6,
          year: 2022,
          meterType: 1,
        })
      ).data.traded.providers;
      for (const buyer of sold) {
        const overview = (
          await call(workspace, 'consumer:overview', {
            consumerId: buyer.id,
            month: 6,
            year: 2022,
            meterType: 1,
          })
        ).data;
        expect(overview.traded.providers.find((p: any) => p.id === 'p-riverside')).toMatchObject({
          allocation: buyer.allocation,
          cost: buyer.cost,
        });
      }
      await workspace.close();
    }, 60_000);
  }
});

/**
 * The audit log: every import (landed or rejected, not dry runs) and undo,
 * settlement, payment, tariff, account, virtual meter and settles change is
 * recorded with its time and a description; it can be filtered; and nothing in
 * it can be changed, even by SQL from inside the app's own write queue.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { Workspace } from '../../main/store/workspace';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const TZ = 'Asia/Bangkok';
let workspace: Workspace;

async function call(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
  return result.value as any;
}
async function importFile(file: string, extra: Record<string, unknown> = {}) {
  return callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    ...extra,
  });
}

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('audit.sqlite'));
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('the audit log', () => {
  it('records imports (not dry runs), undo, settlement, payments, tariffs, accounts and virtual meters', async () => {
    const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
    await call('workspace:import-definition', { definition });
    writeMonthReadings(temp.file('nov.csv'), '2022-11', TZ, ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'], {
      'gA-pv@2022-11-12T10': '6',
      'c1-main@2022-11-12T10': '5',
    });
    expect((await importFile(temp.file('nov.csv'), { dryRun: true })).ok).toBe(true);
    expect((await importFile(temp.file('nov.csv'))).ok).toBe(true);
    writeMonthPrices(temp.file('prices.csv'), '2022-11', TZ, {});
    const prices = await importFile(temp.file('prices.csv'));
    writeFileSync(
      temp.file('bad.csv'),
      'meter_id,interval_start,interval_minutes,energy_kwh\nc1-main,yesterday,60,1\n',
    );
    expect((await importFile(temp.file('bad.csv'))).ok).toBe(false);
    await call('settlement:settle', { month: '2022-11' });
    await call('payments:record', {
      participantId: 'gA',
      month: '2022-11',
      paidOn: '2022-12-05',
      amount: '19.20',
      reference: 'TX-1',
    });
    if (prices.ok) await call('imports:remove', { importId: (prices.value as any).importId });
    const flat = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
    const tariff = (rate: string) => ({
      tariff: {
        masterTariffId: 't1',
        tariffName: 'Flat',
        currency: 'THB',
        versions: [
          {
            tariffId: 't1-1',
            effectiveFrom: '2022-01-01',
            energyWeekdaySchedule: flat,
            energyWeekendSchedule: flat,
            rates: [
              {
                tariffRateId: 'e',
                rateGroupName: 'Energy',
                rateName: 'Energy',
                chargeClass: 'SUPPLY',
                rateSequenceNumber: 1,
                type: 'COST_PER_UNIT',
                periods: [{ period: 0, tiers: [{ rate }] }],
              },
            ],
          },
        ],
      },
    });
    await call('tariffs:save', tariff('4'));
    await call('tariffs:save', tariff('4.5'));
    await call('accounts:save', { accountId: 'acc-c1', participantId: 'c1', masterTariffId: 't1' });
    await call('meters:set-settles', { meterId: 'c2-main', settles: false });
    await call('virtual-meters:save', {
      meterId: 'c2-share',
      meter: {
        participantId: 'c2',
        versions: [
          {
            versionId: 1,
            effectiveFrom: '2022-01-01',
            use: { copyUseFromMeter: { meterId: 'c2-main', percentage: '100' } },
          },
        ],
      },
    });

    const log = await call('audit:list', {});
    const kinds = log.entries.map((e: { kind: string }) => e.kind).reverse();
    expect(kinds).toEqual([
      'import', // the workspace definition
      'import', // readings (the dry run is not an import)
      'import', // prices
      'import', // the rejected file
      'settlement',
      'statement', // the month's two statements issued with its first run
      'statement',
      'payment',
      'undo',
      'tariff',
      'tariff',
      'account',
      'meter',
      'virtual-meter',
    ]);
    const text = log.entries.map((e: { description: string }) => e.description).reverse();
    expect(text[3]).toMatch(/import #\d+ bad.csv \(readings\): rejected — bad.csv: line 2/);
    expect(text[4]).toMatch(/^2022-11: run \d+ published \(\d+ lines\)/);
    expect(text[5]).toMatch(/^statement EL-2022-000001 issued to \w+ for 2022-11$/);
    expect(text[7]).toBe('payment of 19.20 for gA (2022-11), paid on 2022-12-05, reference TX-1');
    expect(text[8]).toMatch(/^import #\d+ prices.csv removed \(undone\)$/);
    expect(text[10]).toBe('tariff t1 (Flat) changed (json)');
    expect(text[11]).toBe('account acc-c1 created for c1 on tariff t1');
    expect(text[12]).toBe('meter c2-main no longer settles');
    expect(text[13]).toBe('virtual meter c2-share version 1 (from 2022-01-01) saved');
    expect(log.entries[0].atLocal).toMatch(/\+07:00$/);
  });

  it('filters by kind, text and days', async () => {
    const settlements = await call('audit:list', { kind: 'settlement' });
    expect(settlements.total).toBe(1);
    expect((await call('audit:list', { text: 'TX-1' })).entries).toHaveLength(1);
    expect((await call('audit:list', { to: '2000-01-01' })).total).toBe(0);
  });

  it('cannot be changed, even by SQL inside the app’s write queue', async () => {
    const before = await call('audit:list', {});
    await expect(
      workspace.db.write((tx) => tx.run("UPDATE audit_log SET description = 'nothing happened'")),
    ).rejects.toThrow(/the audit log cannot be changed/);
    await expect(workspace.db.write((tx) => tx.run('DELETE FROM audit_log'))).rejects.toThrow(
      /the audit log cannot be changed/,
    );
    expect(await call('audit:list', {})).toEqual(before);
  });
});

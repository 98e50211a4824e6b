/**
 * Settlement on a tariff: a consumer's grid energy priced by the tariff
 * engine — hourly grid lines at the hour's energy rate, and the month's bill
 * lines (tier and rate adjustment, fixed charge, VAT) — so the overview's
 * grid cost is exactly the tariff's bill on the settled grid residual, and a
 * change of tariff makes the next settlement a new version.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { verifyPack } from '../../main/audit/verify-pack';
import { writeAuditPack } from '../../main/audit/write-pack';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { writeMonthPrices, writeMonthReadings } from '../helpers/month-files';
import { energyCharge, flatTariff, serviceCharge, vat } from '../helpers/tariff-fixture';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
const TZ = 'Asia/Bangkok';
const tariff = (fixed: string) =>
  flatTariff({
    masterTariffId: 'egat-tiered',
    tariffName: 'EGAT tiered (test)',
    currency: 'THB',
    rates: [
      // The month's first 1 kWh at 4.00, the rest at 5.00.
      energyCharge([{ max: '1', rate: '4.0' }, { rate: '5.0' }]),
      serviceCharge(fixed),
      vat(),
    ],
  });

async function call(name: string, input: unknown) {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as any;
}

async function importFile(file: string) {
  const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
  });
  if (!result.ok) throw new Error(result.error.message);
}

beforeAll(async () => {
  workspace = await Workspace.create(temp.file('tariff-settlement.sqlite'));
  await call('tariffs:save', { tariff: tariff('38.22') });
  const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
  definition.utilityPlans[0].versions[0].rate = { type: 'tariff', masterTariffId: 'egat-tiered' };
  await call('workspace:import-definition', { definition });
  writeMonthReadings(temp.file('readings.csv'), '2022-11', TZ, ['gA-pv', 'gB-pv', 'c1-main', 'c2-main'], {
    'gA-pv@2022-11-12T10': '6',
    'c1-main@2022-11-12T10': '5',
    'c2-main@2022-11-12T10': '5',
    'c1-main@2022-11-13T20': '2',
    'c2-main@2022-11-13T20': '1',
  });
  await importFile(temp.file('readings.csv'));
  writeMonthPrices(temp.file('prices.csv'), '2022-11', TZ, {});
  await importFile(temp.file('prices.csv'));
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('settling consumers on a tariff', () => {
  it('prices hourly grid lines at the hour’s rate and adds the month’s bill lines, totalling the tariff’s bill', async () => {
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({ status: 'published' });
    // An audit pack of a run on a tariff reproduces it (the tariff travels in inputs/tariffs.json).
    const report = await verifyPack((await writeAuditPack(workspace, { month: '2022-11' })).zip);
    expect([report.identical, report.lines.differing, report.recomputationError]).toEqual([true, 0, null]);
    const overview = (
      await call('consumer:overview', { consumerId: 'c1', month: 11, year: 2022, meterType: 1 })
    ).data;
    const lines = overview.energy_load.bill_lines as { name: string; chargeClass: string; amount: string }[];
    expect(lines.map((l) => l.name)).toEqual([
      'Tier and rate adjustment',
      'Fixed: Service charge',
      'TAX: VAT',
    ]);
    // The same bill straight from the calculator, on the same settled grid residual.
    await call('accounts:save', { accountId: 'c1-acc', participantId: 'c1', masterTariffId: 'egat-tiered' });
    const calculated = (
      await call('accounts:calculate', {
        accountId: 'c1-acc',
        fromDateTime: '2022-11-01',
        toDateTime: '2022-12-01',
        usage: 'grid',
      })
    ).results[0];
    // Each line is kept to 4 decimals (half-up): the energy charges as one figure (hourly lines + adjustment), the rest item by item.
    const round4 = (v: string | InstanceType<typeof Dec>) => new Dec(v).toDecimalPlaces(4, Dec.ROUND_HALF_UP);
    const energy = calculated.items
      .filter((i: { quantityKey: string }) => i.quantityKey === 'consumption')
      .reduce(
        (s: InstanceType<typeof Dec>, i: { exact: { cost: string } }) => s.plus(i.exact.cost),
        new Dec(0),
      );
    const others = calculated.items
      .filter((i: { quantityKey: string }) => i.quantityKey !== 'consumption')
      .reduce(
        (s: InstanceType<typeof Dec>, i: { exact: { cost: string } }) => s.plus(round4(i.exact.cost)),
        new Dec(0),
      );
    expect(overview.energy_load.cost).toBe(round4(energy).plus(others).toFixed(4));
    expect(lines.find((l) => l.name === 'Fixed: Service charge')?.amount).toBe('38.2200');
    // Each line says what was priced: the fixed charge is one month at its amount; VAT is a share of a base.
    expect(lines.find((l) => l.name === 'Fixed: Service charge')).toMatchObject({
      quantityKey: 'fixed',
      quantity: '1',
      rateAmount: '38.22',
    });
    expect(lines.find((l) => l.name === 'TAX: VAT')).toMatchObject({ quantityKey: 'percentage' });
    // c1's grid residual this month is 4 kWh (2 at 12 Nov 10:00, where gA's 6 kWh is shared with c2, and 2 at 13 Nov
    // 20:00): tier 1 kWh at 4 + 3 kWh at 5 = 19; the hourly lines at 4.00 a kWh are 16, so the adjustment is 3;
    // VAT 7 % of 19 + 38.22 = 4.0054; the month's grid cost 16 + 3 + 38.22 + 4.0054 = 61.2254.
    expect(calculated.summary.exact.kWh).toBe('4');
    expect(calculated.summary.ELECTRICITY).toEqual({ kWh: 4, kW: calculated.summary.kW });
    expect(lines[0]).toMatchObject({ amount: '3.0000' });
    expect(lines[2]).toMatchObject({ amount: '4.0054' });
    expect(overview.energy_load.cost).toBe('61.2254');

    // The invoice itemises the grid bill as the tariff engine does: the energy by TOU period with
    // kWh and rate, then the tier adjustment, the fixed charge and VAT with its rate and base;
    // together they are the grid amount, and lines + rounding = the amount due in satang.
    const invoice = await call('statements:get', {
      participantId: 'c1',
      month: '2022-11',
      asOf: '2023-01-15',
    });
    const bill = invoice.meterTypes[0].bill;
    expect(bill.gridEnergy).toEqual([
      { period: 'TOU period 0 (off-peak)', rate: '4.0000', kWh: '4', hours: 2, amount: '16.0000' },
    ]);
    expect(bill.tariffItems.map((i: any) => [i.name, i.quantity, i.rate, i.amount])).toEqual([
      ['Tier and rate adjustment', null, null, '3.0000'],
      ['Fixed: Service charge', '1', '38.22', '38.2200'],
      ['TAX: VAT', expect.any(String), expect.any(String), '4.0054'],
    ]);
    const itemised = [...bill.gridEnergy, ...bill.tariffItems].reduce(
      (sum: InstanceType<typeof Dec>, l: { amount: string }) => sum.plus(l.amount),
      new Dec(0),
    );
    expect(itemised.toFixed(4)).toBe(bill.grid.amount);
    expect(invoice).toMatchObject({ kind: 'invoice', number: expect.stringMatching(/^EL-2022-\d{6}$/) });
    expect(new Dec(invoice.exactTotal).plus(invoice.rounding).toFixed(2)).toBe(invoice.thisMonth);
  });

  it('settles a new version when the tariff changes', async () => {
    const first = await call('runs:list', { month: '2022-11' });
    await call('tariffs:save', { tariff: tariff('40') });
    const again = await call('settlement:settle', { month: '2022-11' });
    expect(again).toMatchObject({ status: 'published' });
    expect(again.runId).toBeGreaterThan(first[0].id);
    const overview = (
      await call('consumer:overview', { consumerId: 'c1', month: 11, year: 2022, meterType: 1 })
    ).data;
    // 19 + 40 = 59, VAT 4.13: 63.13.
    expect(overview.energy_load.cost).toBe('63.1300');
    expect(await call('settlement:settle', { month: '2022-11' })).toMatchObject({ status: 'unchanged' });
  });
});

/**
 * Monthly statements (issue 10): a prosumer's earnings statement and a
 * consumer's bill from a published run equal the views' totals for that run;
 * payments and balances equal the receivables; the PDF (read back with
 * Mozilla's pdf.js) carries the figures, the run's identity, Thai names and
 * the baht sign; the CSV re-read adds up to the same totals; the same
 * statement gives the same bytes; an unsettled month is refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decomposeSaraAm, grouped } from '../../main/statements/statement-pdf';
import { Workspace } from '../../main/store/workspace';
import { Dec } from '../../shared/units';
import { runCli } from '../helpers/cli';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { pdfText } from '../helpers/pdf-text';
import { callOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
const WORKSPACE = 'ตลาดพลังงานสะอาด กรุงเทพฯ (Bangkok CFE market)';
const C1 = 'โรงเรียนวัดบางรัก';
const C2 = 'บริษัท น้ำใส จำกัด';
const GA = 'สหกรณ์โซลาร์ริมน้ำ';
let workspace: Workspace;
const call = (name: string, input: unknown) => callOk(workspace, name, input);

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('statements.sqlite'), (definition) => {
    definition.settings.name = WORKSPACE;
    const names: Record<string, string> = { c1: C1, c2: C2, gA: GA };
    for (const p of definition.participants) p.name = names[p.id] ?? p.name;
  });
  for (const month of ['2022-11', '2022-12']) {
    await importGoldenMonth(workspace, temp.dir, month, {
      [`gA-pv@${month}-12T10`]: '6.25',
      [`gB-pv@${month}-12T10`]: '3',
      [`c1-main@${month}-12T10`]: '5',
      [`c2-main@${month}-12T10`]: '5',
      [`c1-main@${month}-13T20`]: '2.125',
      [`gA-pv@${month}-14T11`]: '4',
    });
    await call('settlement:settle', { month });
  }
  await call('payments:record', {
    participantId: 'c1',
    month: '2022-11',
    paidOn: '2022-12-10',
    amount: '10.5',
  });
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('monthly statements', () => {
  it("a consumer's bill and a prosumer's earnings equal the views and the receivables for the same run", async () => {
    const bill = await call('statements:get', { participantId: 'c1', month: '2022-12', asOf: '2023-01-15' });
    const overview = (
      await call('consumer:overview', { consumerId: 'c1', month: 12, year: 2022, meterType: 1 })
    ).data;
    expect(bill.workspaceName).toBe(WORKSPACE);
    expect(bill.participant.name).toBe(C1);
    expect(bill.run.id).toBe(overview.runId);
    expect(bill.run.identity).toMatch(/^[0-9a-f]{64}$/);
    const b = bill.meterTypes[0].bill;
    expect(bill.meterTypes[0].earnings).toBeNull();
    expect(b.total).toBe(new Dec(overview.total_cost).toFixed(4));
    expect(b.traded.amount).toBe(overview.traded.cost);
    expect(b.grid.amount).toBe(overview.energy_load.cost);
    expect(b.cfeScore).toBe(overview.cfe_score);
    expect(b.generators.reduce((s: Dec, g: any) => s.plus(g.amount), new Dec(0)).toFixed(4)).toBe(
      b.traded.amount,
    );
    expect(b.generators.reduce((s: Dec, g: any) => s.plus(g.kWh), new Dec(0)).toFixed()).toBe(
      new Dec(b.traded.kWh).toFixed(),
    );

    const earnings = await call('statements:get', {
      participantId: 'gA',
      month: '2022-12',
      asOf: '2023-01-15',
    });
    const tx = (
      await call('prosumer:transactions', { prosumerId: 'gA', month: 12, year: 2022, meterType: 1 })
    ).data;
    const e = earnings.meterTypes[0].earnings;
    expect(earnings.meterTypes[0].bill).toBeNull();
    expect(e.total).toBe(new Dec(tx.net_earnings).toFixed(4));
    for (const [key, seed] of [
      ['traded', 'traded'],
      ['openMarket', 'open_market'],
      ['unsold', 'unsold'],
    ] as const)
      expect([e[key].kWh, e[key].mwh, e[key].rec, e[key].amount]).toEqual([
        tx[seed].allocation,
        tx[seed].mwh,
        tx[seed].rec,
        tx[seed].cost,
      ]);
    expect(e.buyers.reduce((s: Dec, x: any) => s.plus(x.amount), new Dec(0)).toFixed(4)).toBe(
      e.traded.amount,
    );
    expect(new Dec(e.openMarket.kWh).greaterThan(0)).toBe(true);

    // Payments and balances: the Receivables screen's figures.
    const ledger = await call('receivables:list', { asOf: '2023-01-15', participantId: 'c1' });
    const [nov, dec] = ledger.participants[0].months;
    const novBill = await call('statements:get', {
      participantId: 'c1',
      month: '2022-11',
      asOf: '2023-01-15',
    });
    expect(novBill.payments).toEqual([{ paidOn: '2022-12-10', amount: '10.5', reference: '' }]);
    expect(novBill.paid).toBe('10.5000');
    expect(novBill.outstanding).toBe(nov.outstanding);
    expect(novBill.balanceCarried).toBe(nov.balanceCarried);
    expect(bill.balanceBroughtForward).toBe(nov.balanceCarried);
    expect(bill.thisMonth).toBe(`-${dec.amount}`);
    expect(bill.direction).toBe('receivable');
    expect(bill.balanceCarried).toBe(dec.balanceCarried);
    expect(bill.dueDate).toBe('2023-01-31');
  });

  it('the PDF carries the figures, the run, Thai names and ฿ in an embedded font; same statement, same bytes', async () => {
    const statement = await call('statements:get', {
      participantId: 'c2',
      month: '2022-12',
      asOf: '2023-01-15',
    });
    const file = await call('statements:file', {
      participantId: 'c2',
      month: '2022-12',
      format: 'pdf',
      asOf: '2023-01-15',
    });
    expect(file.mediaType).toBe('application/pdf');
    expect(file.fileName).toBe(`statement-c2-2022-12-run${statement.run.id}.pdf`);
    const bytes = Buffer.from(file.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Thai and ฿ only exist in the embedded Noto fonts: both are embedded (subset), no standard font is used.
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansThai-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Bold/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);

    const text = await pdfText(bytes);
    expect(text).toContain(decomposeSaraAm(WORKSPACE));
    expect(text).toContain(decomposeSaraAm(C2)); // บริษัท น้ำใส จำกัด, SARA AM as the font draws it
    expect(text).toContain(decomposeSaraAm(GA)); // a generator it bought from
    expect(text).toContain('ใบแจ้งค่าไฟฟ้า');
    expect(text).toContain(`Run identity ${statement.run.identity}`);
    expect(text).toContain(`Settlement run ${statement.run.id}`);
    const b = statement.meterTypes[0].bill;
    expect(text).toContain(`฿${grouped(b.total)}`);
    expect(text).toContain(`฿${grouped(b.traded.amount)}`);
    expect(text).toContain(`฿${grouped(b.grid.amount)}`);
    expect(text).toContain(grouped(b.grid.kWh));
    for (const g of b.generators) expect(text).toContain(`฿${grouped(g.amount)}`);
    expect(text).toContain(`CFE score ${new Dec(b.cfeScore).times(100).toFixed(2)} %`);
    expect(text).toContain('due by 2023-01-31');

    const again = await call('statements:file', {
      participantId: 'c2',
      month: '2022-12',
      format: 'pdf',
      asOf: '2023-01-15',
    });
    expect(again.base64).toBe(file.base64);
  });

  it('the CSV re-read adds up to the statement, which equals the views', async () => {
    const statement = await call('statements:get', {
      participantId: 'gA',
      month: '2022-11',
      asOf: '2023-01-15',
    });
    const file = await call('statements:file', { participantId: 'gA', month: '2022-11', format: 'csv' });
    const csv = Buffer.from(file.base64, 'base64').toString('utf8');
    const rows = csv
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(rows[0]).toEqual([
      'section',
      'item',
      'id',
      'name',
      'energy_kWh',
      'energy_MWh',
      'RECs',
      'average_price_THB_per_kWh',
      'amount_THB',
      'note',
    ]);
    expect(csv).toContain(statement.run.identity);
    expect(csv).toContain(GA);
    const amount = (item: string) =>
      rows.filter((r) => r[0] === 'earnings' && r[1] === item).map((r) => r[8]!);
    const kinds = ['traded (24/7 CFE)', 'open market', 'unsold'].map((k) => amount(k)[0]!);
    expect(kinds.reduce((s, x) => s.plus(x), new Dec(0)).toFixed(4)).toBe(amount('total earnings')[0]);
    expect(amount('total earnings')[0]).toBe(statement.meterTypes[0].earnings.total);
    expect(
      amount('traded to')
        .reduce((s, x) => s.plus(x), new Dec(0))
        .toFixed(4),
    ).toBe(kinds[0]);
  });

  it('refuses an unsettled month; the CLI writes one file per participant', async () => {
    await expect(call('statements:get', { participantId: 'c1', month: '2023-01' })).rejects.toThrow(
      /2023-01 is not settled: settle it first/,
    );
    const out = temp.file('statements');
    await workspace.close();
    let result: { code: number; stdout: string };
    try {
      result = await runCli([
        'statements',
        '--db',
        temp.file('statements.sqlite'),
        '--month',
        '2022-12',
        '--out',
        out,
      ]);
    } finally {
      workspace = await Workspace.open(temp.file('statements.sqlite'));
    }
    expect(result.code).toBe(0);
    const files = result.stdout
      .trim()
      .split('\n')
      .map((f) => path.basename(f));
    expect(files.map((f) => f.replace(/-run\d+\.pdf$/, ''))).toEqual([
      'statement-c1-2022-12',
      'statement-c2-2022-12',
      'statement-gA-2022-12',
      'statement-gB-2022-12',
    ]);
    const text = await pdfText(readFileSync(path.join(out, files[2]!)));
    expect(text).toContain('Earnings statement');
    expect(text).toContain(decomposeSaraAm(GA));
  });
});

/**
 * The golden market the statement tests print (test/db/statements.test.ts and
 * statement-layout.test.ts): Thai names, November and December 2022 settled, and a
 * payment by Consumer One against November; then, when a test asks, November closed and
 * corrected, so that December's statements carry prior-period adjustments.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Workspace } from '../../main/store/workspace';

import { goldenWorkspace, importGoldenMonth } from './golden';
import { callOk, importFileOk } from './temp-workspace';

/** The names the market gives the workspace and its participants (Thai, as a Bangkok market's are). */
export const MARKET_NAMES = {
  workspace: 'ตลาดพลังงานสะอาด กรุงเทพฯ (Bangkok CFE market)',
  c1: 'โรงเรียนวัดบางรัก',
  c2: 'บริษัท น้ำใส จำกัด',
  gA: 'สหกรณ์โซลาร์ริมน้ำ',
};

/** The market in a new workspace file, its months' files written in `dir`. */
export async function statementsMarket(file: string, dir: string): Promise<Workspace> {
  const workspace = await goldenWorkspace(file, (definition) => {
    definition.settings.name = MARKET_NAMES.workspace;
    const names: Record<string, string> = { c1: MARKET_NAMES.c1, c2: MARKET_NAMES.c2, gA: MARKET_NAMES.gA };
    for (const p of definition.participants) p.name = names[p.id] ?? p.name;
  });
  for (const month of ['2022-11', '2022-12']) {
    await importGoldenMonth(workspace, dir, month, {
      [`gA-pv@${month}-12T10`]: '6.25',
      [`gB-pv@${month}-12T10`]: '3',
      [`c1-main@${month}-12T10`]: '5',
      [`c2-main@${month}-12T10`]: '5',
      [`c1-main@${month}-13T20`]: '2.125',
      [`gA-pv@${month}-14T11`]: '4',
    });
    await callOk(workspace, 'settlement:settle', { month });
  }
  await callOk(workspace, 'payments:record', {
    participantId: 'c1',
    month: '2022-11',
    paidOn: '2022-12-10',
    amount: '10.5',
  });
  return workspace;
}

/**
 * November closed, then Consumer One's 14 November corrected (3.333 kWh at 11:00, when gA
 * sold to the open market; the file written in `dir`) and the re-settlement, a held run,
 * accepted: December's statements carry prior-period adjustments. The held run's settlement.
 */
export async function correctClosedNovember(workspace: Workspace, dir: string): Promise<{ runId: number }> {
  await callOk(workspace, 'months:close', { month: '2022-11' });
  const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
  for (let h = 0; h < 24; h++)
    lines.push(`c1-main,2022-11-14T${String(h).padStart(2, '0')}:00:00+07:00,60,${h === 11 ? '3.333' : '0'}`);
  const correction = path.join(dir, 'correction.csv');
  writeFileSync(correction, `${lines.join('\n')}\n`);
  await importFileOk(workspace, correction, { onConflict: 'replace' });
  const held = await callOk(workspace, 'settlement:settle', { month: '2022-11' });
  await callOk(workspace, 'runs:accept', { runId: held.runId });
  return held;
}

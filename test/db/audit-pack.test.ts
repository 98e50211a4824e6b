/**
 * The audit pack (issue 10): a month's pack round-trips through verify-pack as
 * identical; one altered reading is reported as exactly the lines of that hour
 * and the file named; an altered file is named; a pack from a newer engine is
 * refused naming the version; an unsettled month, or a run whose inputs have
 * changed since, cannot be packed.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PackRefused, verifyPack } from '../../main/audit/verify-pack';
import { writeAuditPack } from '../../main/audit/write-pack';
import { ENGINE_VERSION } from '../../main/engine/settle-period';
import { Workspace } from '../../main/store/workspace';
import { runCli } from '../helpers/cli';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, importFileOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
let pack: Uint8Array;
let runId: number;
const call = (name: string, input: unknown) => callOk(workspace, name, input);

/** The pack with one file's text changed (SHA256SUMS left as it was). */
function altered(name: string, change: (text: string) => string): Uint8Array {
  const files = unzipSync(pack);
  files[name] = strToU8(change(strFromU8(files[name]!)));
  return zipSync(files);
}

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('pack.sqlite'));
  await importGoldenMonth(
    workspace,
    temp.dir,
    '2022-11',
    {
      'gA-pv@2022-11-12T10': '6.125',
      'gB-pv@2022-11-12T10': '3',
      'c1-main@2022-11-12T10': '5',
      'c2-main@2022-11-12T10': '5.5',
      'gA-pv@2022-11-20T10': '2',
      'c1-main@2022-11-21T19': '1.25',
    },
    { '2022-11-20T10': '1.75' },
  );
  runId = (await call('settlement:settle', { month: '2022-11' })).runId;
  pack = (await writeAuditPack(workspace, { month: '2022-11' })).zip;
});
afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

describe('audit pack', () => {
  it('holds the run, its inputs, imports, lines and statements, and verifies as identical from the pack alone', async () => {
    const files = unzipSync(pack);
    expect(Object.keys(files).sort()).toEqual(
      [
        'README.md',
        'SHA256SUMS',
        'identity.json',
        'manifest.json',
        'inputs/definition.json',
        'inputs/tariffs.json',
        'inputs/readings.csv',
        'inputs/market-prices.csv',
        'imports/import-2.json',
        'imports/import-3.json',
        'lines.csv',
        ...['c1', 'c2', 'gA', 'gB'].flatMap((id) => [`statements/${id}.csv`, `statements/${id}.pdf`]),
      ].sort(),
    );
    const identity = JSON.parse(strFromU8(files['identity.json']!));
    const run = (await call('runs:list', { month: '2022-11', withManifest: false }))[0];
    expect(identity).toMatchObject({
      month: '2022-11',
      engineVersion: ENGINE_VERSION,
      run: { id: runId, identity: run.identity },
    });
    expect(strFromU8(files['README.md']!)).toContain(`Run identity: ${run.identity}`);
    expect(JSON.parse(strFromU8(files['imports/import-2.json']!))).toMatchObject({
      fileName: '2022-11.csv',
      kind: 'readings',
    });

    const report = await verifyPack(pack);
    expect(report.files).toEqual({ checked: 18, altered: [], missing: [], added: [] });
    expect(report.identity).toEqual({
      pack: run.identity,
      recomputed: run.identity,
      same: true,
      comparable: true,
    });
    expect(report.lines.differing).toBe(0);
    expect(report.lines.recomputed).toBe(report.lines.pack);
    expect(report.identical).toBe(true);
  });

  it('reports one altered reading as exactly the lines of its hour, and names the file', async () => {
    // Consumer One's 10:00 reading on 12 November: 5 kWh → 4 kWh.
    const changed = altered('inputs/readings.csv', (text) => {
      const line = 'c1-main,2022-11-12T10:00:00+07:00,60,5';
      expect(text).toContain(`${line}\n`);
      return text.replace(`${line}\n`, 'c1-main,2022-11-12T10:00:00+07:00,60,4\n');
    });
    const report = await verifyPack(changed);
    expect(report.identical).toBe(false);
    expect(report.files.altered.map((a) => a.file)).toEqual(['inputs/readings.csv']);
    expect(report.identity.same).toBe(false);
    expect(report.differences.length).toBeGreaterThan(0);
    expect(new Set(report.differences.map((d) => d.hourStartLocal))).toEqual(
      new Set(['2022-11-12T10:00:00+07:00']),
    );
    // One kWh less for Consumer One at that hour: its energy lines there are what moved.
    expect(report.differences.some((d) => d.consumerId === 'c1' && d.figure.startsWith('energy_kWh'))).toBe(
      true,
    );
    expect(report.lines.differing).toBe(
      new Set(report.differences.map((d) => `${d.kind}|${d.generatorId}|${d.consumerId}`)).size,
    );
  });

  it('names an altered file and refuses a pack from a newer engine', async () => {
    const report = await verifyPack(
      altered('statements/c1.csv', (text) =>
        text.replace(/total bill,,,,,,,[\d.]+/, 'total bill,,,,,,,1.0000'),
      ),
    );
    expect(report.files.altered.map((a) => a.file)).toEqual(['statements/c1.csv']);
    expect(report.lines.differing).toBe(0);
    expect(report.identity.same).toBe(true);
    expect(report.identical).toBe(false);

    const newer = altered('identity.json', (text) =>
      text.replace(`"engineVersion": "${ENGINE_VERSION}"`, '"engineVersion": "9.1.0"'),
    );
    await expect(verifyPack(newer)).rejects.toThrow(PackRefused);
    await expect(verifyPack(newer)).rejects.toThrow(
      `this pack was made by settlement engine 9.1.0, newer than this Energy Ledger's engine ${ENGINE_VERSION}`,
    );
    await expect(verifyPack(strToU8('not a zip'))).rejects.toThrow('not an audit pack');
    await expect(verifyPack(altered('identity.json', () => '{"packFormat": 1'))).rejects.toThrow(
      'not an audit pack: identity.json is not JSON',
    );

    // A pack from an older engine (its SHA256SUMS made with it): the identity cannot match, the lines can.
    const files = unzipSync(pack);
    files['identity.json'] = strToU8(
      strFromU8(files['identity.json']!).replace(
        `"engineVersion": "${ENGINE_VERSION}"`,
        '"engineVersion": "0.9.0"',
      ),
    );
    const sums = strFromU8(files.SHA256SUMS!).replace(
      /^[0-9a-f]{64} {2}identity\.json$/m,
      `${createHash('sha256').update(files['identity.json']!).digest('hex')}  identity.json`,
    );
    files.SHA256SUMS = strToU8(sums);
    const older = await verifyPack(zipSync(files));
    expect(older.files.altered).toEqual([]);
    expect(older.identity).toMatchObject({ same: true, comparable: false });
    expect([older.lines.differing, older.identical]).toEqual([0, true]);
  });

  it('refuses an unsettled month and a run whose inputs changed since; the CLI writes and verifies a pack', async () => {
    await expect(writeAuditPack(workspace, { month: '2022-12' })).rejects.toThrow(
      /2022-12 is not settled: settle it first/,
    );

    const file = temp.file('pack.zip');
    await workspace.close();
    const results: { code: number; stdout: string }[] = [];
    try {
      results.push(
        await runCli(['audit-pack', '--db', temp.file('pack.sqlite'), '--month', '2022-11', '--out', file]),
        await runCli(['verify-pack', file]),
      );
      writeFileSync(
        temp.file('bad.zip'),
        altered('inputs/readings.csv', (t) =>
          t.replace('c2-main,2022-11-12T10:00:00+07:00,60,5.5', 'c2-main,2022-11-12T10:00:00+07:00,60,5.25'),
        ),
      );
      results.push(await runCli(['verify-pack', temp.file('bad.zip')]));
    } finally {
      workspace = await Workspace.open(temp.file('pack.sqlite'));
    }
    expect(results.map((r) => r.code)).toEqual([0, 0, 1]);
    const text = results.map((r) => r.stdout).join('');
    expect(text).toContain(`audit pack of 2022-11, run ${runId}`);
    expect(text).toContain('IDENTICAL');
    expect(text).toContain('ALTERED: inputs/readings.csv');
    expect(text).toContain('2022-11-12T10:00:00+07:00 (UTC 2022-11-12 03:00:00)');
    expect(text).toContain('DIFFERENT');

    // A later correction not yet settled: the run's inputs are gone from the workspace.
    const lines = [
      'meter_id,interval_start,interval_minutes,energy_kwh',
      'c2-main,2022-11-20T10:00:00+07:00,60,1',
    ];
    writeFileSync(temp.file('fix.csv'), `${lines.join('\n')}\n`);
    await importFileOk(workspace, temp.file('fix.csv'), { onConflict: 'replace' });
    await expect(writeAuditPack(workspace, { month: '2022-11' })).rejects.toThrow(
      new RegExp(`the workspace's inputs are no longer those run ${runId} used`),
    );
  });
});

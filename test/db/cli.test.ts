import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
afterAll(() => temp.cleanup());
const bin = path.resolve(__dirname, '..', '..', 'bin', 'energy-ledger.mjs');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ENERGY_LEDGER_HOME: temp.file('home') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the energy-ledger command line', () => {
  it('lists its commands in --help', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    for (const command of ['demo', 'serve', 'query', 'import', 'export', 'backup'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('reports a text file given as --db and leaves it unchanged', () => {
    const file = temp.file('readme.txt');
    writeFileSync(file, 'not a workspace\n');
    const before = sha(file);
    const { code, stderr } = cli('query', 'participants:list', '--db', file);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'is not an Energy Ledger workspace (not a SQLite database file); it was left unchanged',
    );
    expect(sha(file)).toBe(before);
  });

  it('refuses a --db path that does not exist instead of creating it', () => {
    const file = temp.file('typo.sqlite');
    const { code, stderr } = cli('query', 'participants:list', '--db', file);
    expect(code).toBe(2);
    expect(stderr).toContain('no such workspace file');
    expect(existsSync(file)).toBe(false);
  });

  it('creates with import --create, queries, rejects bad input naming the field, and exports identically', () => {
    const db = temp.file('cli.sqlite');
    const created = cli(
      'import',
      '--db',
      db,
      '--create',
      path.join(fixturesDir, 'workspace-small.json'),
      path.join(fixturesDir, 'readings', 'hourly-kwh.input.csv'),
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('workspace definition stored (3 participants, 3 meters, 1 pool(s))');
    expect(created.stdout).toContain('stored 4 readings for 2 meter(s)');

    const query = cli(
      'query',
      'meters:readings',
      '{"meterId":"gen-a-pv","from":"2022-01-01","to":"2022-01-01"}',
      '--db',
      db,
    );
    expect(query.code).toBe(0);
    expect(JSON.parse(query.stdout).readings.map((r: { kWh: string }) => r.kWh)).toEqual(['0', '1.5']);

    const bad = cli(
      'query',
      'meters:readings',
      '{"meterId":"gen-a-pv","from":"01/01/2022","to":"2022-01-01"}',
      '--db',
      db,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('from must be a date YYYY-MM-DD');
    const unknown = cli('query', 'meters:delete-all', '{}', '--db', db);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown operation "meters:delete-all"');

    // Five bad rows, and line 2 overlaps the reading hourly-kwh stored for the same meter and hour.
    const rejected = cli('import', '--db', db, path.join(fixturesDir, 'readings', 'bad-rows.input.csv'));
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain(
      'bad-rows.input.csv: line 3, column meter_id value "nobody": is not a meter of this workspace (and 5 more rejected row(s)). Nothing was stored.',
    );
    // The API names the input that decides (onConflict); the command line words it with its flag.
    expect(rejected.stderr).toContain(
      'choose --on-conflict replace (the stored data is kept as superseded) or keep',
    );
    // A dry run prints its report, each overlap with the flag that settles it, and fails the same.
    const checked = cli(
      'import',
      '--db',
      db,
      '--dry-run',
      path.join(fixturesDir, 'readings', 'bad-rows.input.csv'),
    );
    expect(checked.code).toBe(2);
    expect(checked.stdout).toMatch(
      /rejected line 2, interval_start "[^"]+": overlaps the stored reading of meter \S+ from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(import #\d+ hourly-kwh\.input\.csv\); choose --on-conflict replace or keep/,
    );

    const exported = temp.file('exported.json');
    expect(cli('export', '--db', db, '--definition', '--out', exported).code).toBe(0);
    const db2 = temp.file('cli2.sqlite');
    expect(cli('import', '--db', db2, '--create', exported).code).toBe(0);
    const again = cli('export', '--db', db2, '--definition');
    expect(again.stdout).toBe(readFileSync(exported, 'utf8'));

    const csv = cli('export', '--db', db, '--readings', '--from', '2022-01-01', '--to', '2022-01-01');
    expect(csv.stdout).toBe(
      'meter_id,interval_start,interval_minutes,energy_kwh\ncon-b-main,2022-01-01T00:00:00+07:00,60,2.000001\ncon-b-main,2022-01-01T01:00:00+07:00,60,3.25\ngen-a-pv,2022-01-01T00:00:00+07:00,60,0\ngen-a-pv,2022-01-01T01:00:00+07:00,60,1.5\n',
    );

    const copy = temp.file('backup.sqlite');
    expect(cli('backup', '--db', db, '--out', copy).code).toBe(0);
    expect(JSON.parse(cli('query', 'participants:list', '--db', copy).stdout)).toHaveLength(3);
  }, 120_000); // seven CLI processes in a row: slow on a busy machine, not stuck

  it('imports a load profile, refuses one that does not sum to 1, and intervalizes an account before exiting', () => {
    const db = temp.file('cli-accounts.sqlite');
    expect(cli('import', '--db', db, '--create', path.join(fixturesDir, 'workspace-small.json')).code).toBe(
      0,
    );
    const twice = temp.file('twice.csv');
    writeFileSync(twice, `weight\n${Array.from({ length: 8760 }, () => '0.0002').join('\n')}\n`);
    const refused = cli('load-profiles', 'import', twice, '--db', db, '--code', 'TWICE');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the weights sum to 1.752, not 1 (within 1e-9)');
    const normalized = cli('load-profiles', 'import', twice, '--db', db, '--code', 'TWICE', '--normalize');
    expect(normalized.stdout).toContain(
      'saved load profile TWICE: 8760 weights (summed to 1.752; normalized to 1)',
    );
    expect(cli('load-profiles', 'list', '--db', db).stdout).toContain('SF-SmallOffice');
    const reference = {
      reference: {
        utilities: [
          {
            code: 'U',
            name: 'Utility',
            load_zones: ['Z'],
            rate_classes: ['R'],
            voltages: ['V'],
            load_profiles: ['TWICE'],
          },
        ],
      },
    };
    expect(cli('query', 'reference:save', JSON.stringify(reference), '--db', db).code).toBe(0);
    const account = {
      account: {
        id: 'acc-cli',
        account_number: 'n1',
        location: 'l',
        city: 'c',
        state: 'PA',
        load_zone: 'Z',
        utility: 'U',
        load_profile: 'TWICE',
        rate_class: 'R',
        voltage: 'V',
        summary_usages_attributes: [{ starts_on: '2022-1-1', ends_on: '2022-1-31', volume_kwh: '744.001' }],
        capacity_tags_attributes: [],
        transmission_tags_attributes: [],
      },
    };
    expect(cli('query', 'accounts:create', JSON.stringify(account), '--db', db).code).toBe(0);
    // The process waited for the background job: the account is intervalized when read back.
    const got = JSON.parse(cli('query', 'accounts:get', '{"id":"acc-cli"}', '--db', db).stdout);
    expect((got.data ?? got).intervalization_status).toBe('intervalized');
    expect((got.data ?? got).intervalization.readings).toBe(744);
  });

  it('answers cost and consumption of a meter at a resolution, as JSON or XML, and refuses a lower-case resolution', () => {
    const db = temp.file('cli-consumption.sqlite');
    expect(
      cli(
        'import',
        '--db',
        db,
        '--create',
        path.join(fixturesDir, 'workspace-small.json'),
        path.join(fixturesDir, 'readings', 'hourly-kwh.input.csv'),
      ).code,
    ).toBe(0);
    const json = cli('consumption', '--db', db, '--device', 'gen-a-pv', '--resolution', 'HOURLY');
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body['@deviceId']).toBe('gen-a-pv');
    const hours = body.componentList.component;
    const range = JSON.parse(
      cli('consumption', '--db', db, '--device', 'gen-a-pv', '--resolution', 'RANGE').stdout,
    );
    expect(
      hours.reduce((s: number, c: { consumption: number }) => s + Math.round(c.consumption * 1e6), 0),
    ).toBe(Math.round(range.consumption * 1e6));
    const xml = cli('consumption', '--db', db, '--device', 'gen-a-pv', '--resolution', 'RANGE', '--xml');
    expect(xml.stdout).toContain(
      '<deviceCostAndConsumption xmlns="http://platform.tendrilinc.com/tnop/extension/ems"',
    );
    const lower = cli('consumption', '--db', db, '--device', 'gen-a-pv', '--resolution', 'daily');
    expect(lower.code).toBe(2);
    expect(lower.stderr).toContain('resolution "daily" is not one of QUARTER_HOURLY');
  });

  it('lists and exports the audit log', () => {
    const db = temp.file('cli-audit.sqlite');
    expect(
      cli(
        'import',
        '--db',
        db,
        '--create',
        path.join(fixturesDir, 'workspace-small.json'),
        path.join(fixturesDir, 'readings', 'hourly-kwh.input.csv'),
      ).code,
    ).toBe(0);
    const listed = cli('audit', '--db', db);
    expect(listed.stdout).toMatch(/import {8}import #1 workspace-small.json \(workspace\): stored/);
    const csv = cli('audit', '--db', db, '--csv', '--kind', 'import').stdout.trim().split('\n');
    expect(csv[0]).toBe('id,at_utc,at_local,kind,subject,description');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^2,.*,import,import #2,/);
  });

  it('builds the default workspace from the demo the first time, and never again', () => {
    const first = cli('query', 'workspace:summary');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Creating the default workspace from the demo');
    expect(JSON.parse(first.stdout)).toMatchObject({
      name: 'Bangkok 24/7 CFE demo (prorata)',
      timezone: 'Asia/Bangkok',
      currency: 'THB',
    });
    const second = cli('query', 'participants:list');
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout)).toHaveLength(11);
  });
});

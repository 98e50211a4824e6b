/**
 * Numbers with huge exponents, beyond a double, or a million digits long, and bytes that are
 * not UTF-8, are refused by every importer before any arithmetic (issue 16, item 5): a 131-byte
 * prices CSV with `1e100000000` ran the CLI out of memory in 11 s. Each refusal names the file,
 * the line and the field and shows the value shortened; the workspace is as it was (every
 * table compared whole, the import log gaining only the rejected attempt, which keeps no
 * megabyte of the value). Real files written to a temporary folder, imported as the app does.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import type { Workspace } from '../../main/store/workspace';
import { shortValue } from '../../shared/units';
import { databaseSnapshot } from '../helpers/db-snapshot';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('bounded.sqlite'));
  // Something stored already, so "unchanged" means more than empty tables.
  const prices = temp.file('stored-prices.csv');
  writeFileSync(prices, 'interval_start,price_per_kwh\n2022-02-01T00:00:00+07:00,2.5\n');
  const stored = await callOperation({ workspace, upload: () => createReadStream(prices) }, 'imports:file', {
    fileName: 'stored-prices.csv',
  });
  expect(stored.ok).toBe(true);
  // A settled January, so payments have a statement to be matched against.
  await importGoldenMonth(workspace, temp.dir, '2022-01', {
    'gA-pv@2022-01-12T10': '6',
    'c1-main@2022-01-12T10': '5',
  });
  expect((await callOperation({ workspace }, 'settlement:settle', { month: '2022-01' })).ok).toBe(true);
  // The shipped load profiles are written on first use: before any snapshot.
  expect((await callOperation({ workspace }, 'load-profiles:list', {})).ok).toBe(true);
});

afterAll(async () => {
  await workspace.close();
  temp.cleanup();
});

const MILLION_DIGITS = '7'.repeat(1_000_000);

/** The four values of the probe, and what each is refused for (by the bounded parser of shared/units.ts). */
const OUT_OF_RANGE: { name: string; value: string; why: RegExp }[] = [
  { name: 'a huge exponent', value: '1e100000000', why: /is out of range: its exponent has 9 digits/ },
  { name: 'a tiny exponent', value: '1e-100000000', why: /is out of range: its exponent has 9 digits/ },
  { name: 'beyond a double', value: '1e309', why: /is too large/ },
  { name: 'a million digits', value: MILLION_DIGITS, why: /is too long for a number: 1000000 characters/ },
];

type Snapshot = Record<string, string[]>;

/**
 * Every table as before, but for the record of the rejected attempt: a row of the import log
 * (nothing stored; the value shortened) and its line in the audit log.
 */
function expectUnchanged(before: Snapshot, after: Snapshot, what: string): void {
  const { imports: importsBefore = [], audit_log: auditBefore = [], ...restBefore } = before;
  const { imports: importsAfter = [], audit_log: auditAfter = [], ...restAfter } = after;
  expect(restAfter, `${what} changed the workspace`).toEqual(restBefore);
  const added = (now: string[], was: string[]) => {
    expect(
      now.filter((row) => was.includes(row)),
      what,
    ).toEqual(was);
    return now.filter((row) => !was.includes(row)).map((row) => JSON.parse(row) as Record<string, unknown>);
  };
  for (const entry of added(importsAfter, importsBefore)) {
    expect([entry.status, entry.rows_stored], what).toEqual(['rejected', 0]);
    expect(String(entry.report_json).length, `${what}: the log keeps the value shortened`).toBeLessThan(
      20_000,
    );
  }
  for (const entry of added(auditAfter, auditBefore)) {
    expect(entry.kind, what).toBe('import');
    expect(entry.description, what).toMatch(/\): rejected — /);
    expect(JSON.stringify(entry).length, `${what}: the audit log keeps the value shortened`).toBeLessThan(
      20_000,
    );
  }
}

/** Imports a file written to the temporary folder through `imports:file`; it must be refused. Returns the message. */
async function refusedImport(
  fileName: string,
  content: string | Buffer,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const file = temp.file(fileName);
  writeFileSync(file, content);
  const before = await databaseSnapshot(workspace);
  const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName,
    ...extra,
  });
  expect(result.ok, `${fileName} was not refused`).toBe(false);
  expectUnchanged(before, await databaseSnapshot(workspace), fileName);
  return result.ok ? '' : result.error.message;
}

/** Calls an operation that must be refused, the workspace unchanged. Returns the message and field errors. */
async function refusedCall(name: string, input: unknown): Promise<{ message: string; fields: object }> {
  const before = await databaseSnapshot(workspace);
  const result = await callOperation({ workspace }, name, input);
  expect(result.ok, `${name} was not refused`).toBe(false);
  expectUnchanged(before, await databaseSnapshot(workspace), name);
  return result.ok
    ? { message: '', fields: {} }
    : { message: result.error.message, fields: result.error.fields ?? {} };
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe.each(OUT_OF_RANGE)('$name', ({ name, value, why }) => {
  const shown = shortValue(value);
  const slug = name.replaceAll(' ', '-');

  it('is refused in a market prices CSV, naming the line, the column and the value', async () => {
    const message = await refusedImport(
      `prices-${slug}.csv`,
      `interval_start,price_per_kwh\n2022-03-01T00:00:00+07:00,2.5\n2022-03-01T01:00:00+07:00,${value}\n`,
    );
    expect(message).toContain(`prices-${slug}.csv: line 3, column price_per_kwh value "${shown}": `);
    expect(message).toMatch(why);
    expect(message).toMatch(/Nothing was stored\.$/);
  });

  it('is refused in a readings CSV', async () => {
    const message = await refusedImport(
      `readings-${slug}.csv`,
      [
        'meter_id,interval_start,interval_minutes,energy_kwh',
        'c1-main,2022-03-01T00:00:00+07:00,60,1.5',
        `c1-main,2022-03-01T01:00:00+07:00,60,${value}`,
        '',
      ].join('\n'),
    );
    expect(message).toContain(`readings-${slug}.csv: line 3, column energy_kwh value "${shown}": `);
    expect(message).toMatch(why);
  });

  it('is refused in a payments CSV', async () => {
    const message = await refusedImport(
      `payments-${slug}.csv`,
      `participant_id,statement_month,paid_on,amount,reference\nc1,2022-01,2022-02-10,10,T-1\nc1,2022-01,2022-02-11,${value},T-2\n`,
    );
    expect(message).toContain(`payments-${slug}.csv: line 3, column amount value "${shown}": `);
    // An exponent is no amount of money at all; a million digits are out of the bounds.
    expect(message).toMatch(value === MILLION_DIGITS ? why : /must be an amount, e\.g\. 1250\.50/);
  });

  it('is refused in shadow prices JSON, as a string (by item) or as a JSON number (by line and path)', async () => {
    const rows = [1, 2].map((hour) => ({
      price_date: '2022-3-2',
      hour,
      lmp_price: '30.5',
      capacity_price: '1.25',
      total_price_per_mwh: '31.75',
    }));
    rows[1]!.lmp_price = value;
    const asString = await refusedImport(`shadow-${slug}.json`, JSON.stringify(rows, null, 2));
    // Shadow prices JSON names an item by its number, as for every other check of the file.
    expect(asString).toContain(`shadow-${slug}.json: line 2, column lmp_price value "${shown}": `);
    expect(asString).toMatch(why);
    const text = [
      '[',
      '  {"price_date": "2022-3-2", "hour": 1, "lmp_price": 30.5, "total_price_per_mwh": 30.5},',
      `  {"price_date": "2022-3-2", "hour": 2, "lmp_price": ${value}, "total_price_per_mwh": 30.5}`,
      ']',
    ].join('\n');
    const asNumber = await refusedImport(`shadow-number-${slug}.json`, text);
    expect(asNumber).toContain(`shadow-number-${slug}.json: line 3, column [1].lmp_price value "${shown}": `);
    expect(asNumber).toMatch(value === '1e309' ? /beyond what a JSON number can hold/ : why);
  });

  it('is refused in a cost & consumption document, as a JSON number or a string', async () => {
    const document = (consumption: string) =>
      [
        '{',
        '  "@toDate": "2022-03-01T02:00:00.000+07:00",',
        '  "@fromDate": "2022-03-01T00:00:00.000+07:00",',
        '  "@deviceId": "c1-main",',
        '  "componentList": {',
        '    "component": [',
        '      {"@fromDate": "2022-03-01T00:00:00.000+07:00", "@toDate": "2022-03-01T01:00:00.000+07:00", "consumption": 1.5},',
        `      {"@fromDate": "2022-03-01T01:00:00.000+07:00", "@toDate": "2022-03-01T02:00:00.000+07:00", "consumption": ${consumption}}`,
        '    ]',
        '  }',
        '}',
      ].join('\n');
    const asNumber = await refusedImport(`usage-${slug}.json`, document(value));
    expect(asNumber).toContain(
      `usage-${slug}.json: line 8, column componentList.component[1].consumption value "${shown}": `,
    );
    expect(asNumber).toMatch(value === '1e309' ? /beyond what a JSON number can hold/ : why);
    // As a string: named by the component's number in the document (the document is 1), as the importer's other checks are.
    const asString = await refusedImport(`usage-string-${slug}.json`, document(`"${value}"`));
    expect(asString).toContain(`usage-string-${slug}.json: line 3, column consumption value "${shown}": `);
    expect(asString).toMatch(why);
  });

  it('is refused as a workspace definition’s pricePerKwh, naming the line and the field', async () => {
    const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
    definition.offerPlans[0].versions[0].pricePerKwh = value;
    const text = JSON.stringify(definition, null, 2);
    const message = await refusedImport(`definition-${slug}.json`, text);
    expect(message).toContain(
      `definition-${slug}.json: line ${lineOf(text, '"pricePerKwh"')}, offerPlans[0].versions[0].pricePerKwh "${shown}" `,
    );
    expect(message).toMatch(why);
    expect(message).toMatch(/Nothing was stored\.$/);
    // As a JSON number (the definition wants strings, but the number is refused on its text first).
    const asNumber = text.replace(`"pricePerKwh": "${value}"`, `"pricePerKwh": ${value}`);
    const numberMessage = await refusedImport(`definition-number-${slug}.json`, asNumber);
    expect(numberMessage).toContain(
      `definition-number-${slug}.json: line ${lineOf(asNumber, '"pricePerKwh"')}, offerPlans[0].versions[0].pricePerKwh "${shown}" `,
    );
  });

  it('is refused as a load profile weight, naming where the CSV came from, its line and the weight', async () => {
    const weights = Array.from({ length: 8760 }, () => '0.0001141552511415525114155251141552511');
    weights[100] = value;
    const file = temp.file(`profile-${slug}.csv`);
    writeFileSync(file, `weight\n${weights.join('\n')}\n`);
    const { message, fields } = await refusedCall('load-profiles:save', {
      code: 'BOUNDED',
      name: 'Bounded',
      csv: readFileSync(file, 'utf8'),
      source: `imported from ${file}`,
    });
    expect(message).toContain(
      `load profile BOUNDED (imported from ${file}): csv line 102: weight "${shown}" `,
    );
    expect(message).toMatch(why);
    expect(fields).toEqual({ csv: [expect.stringContaining(`line 102: weight "${shown}"`)] });
  });

  it('is refused in a URDB rate, read from its JSON text or as parsed', async () => {
    const rate = {
      label: `bounded-${slug}`,
      name: 'Bounded rate',
      energyratestructure: [[{ rate: '@RATE@' }]],
      energyweekdayschedule: Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0)),
      energyweekendschedule: Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0)),
    };
    const file = temp.file(`urdb-${slug}.json`);
    writeFileSync(file, JSON.stringify(rate, null, 2).replace('"@RATE@"', value));
    const text = readFileSync(file, 'utf8');
    const fromText = await refusedCall('tariffs:import-urdb', { rate: text });
    expect(fromText.message).toContain(
      `the URDB rate has a number out of range: line ${lineOf(text, '"rate":')}, energyratestructure[0][0].rate "${shown}" `,
    );
    expect(fromText.message).toMatch(value === '1e309' ? /beyond what a JSON number can hold/ : why);
    expect(Object.keys(fromText.fields)).toEqual(['rate.energyratestructure[0][0].rate']);
    // Parsed first (as the command line and HTTP do), the number is what JSON.parse made of it:
    // Infinity and a million digits are refused by field; the tiny one became 0, which is a rate.
    const parsed = JSON.parse(text);
    if (value !== '1e-100000000') {
      const fromObject = await refusedCall('tariffs:import-urdb', { rate: parsed });
      expect(fromObject.fields).toEqual({
        'rate.energyratestructure[0][0].rate': ['"Infinity" is out of range: not a finite number'],
      });
    }
    // A rate written as a string (URDB writes numbers, so it is also "missing") goes through the same bounds.
    rate.energyratestructure[0]![0]!.rate = value;
    const fromString = await refusedCall('tariffs:import-urdb', { rate });
    expect(fromString.fields).toEqual({
      'rate.energyratestructure[0][0].rate': ['is missing', expect.stringMatching(why)],
    });
    expect(fromString.message).toContain(`energyratestructure[0][0].rate is missing; "${shown}" `);
  });
});

describe('a decimal out of range through the contract', () => {
  it('is refused by field with the value shortened: a definition price, a payment, a tariff rate, an account’s kWh', async () => {
    const payment = await refusedCall('payments:record', {
      participantId: 'c1',
      month: '2022-01',
      paidOn: '2022-02-10',
      amount: MILLION_DIGITS,
    });
    expect(payment.fields).toEqual({
      amount: [`"${shortValue(MILLION_DIGITS)}" is too long for a number: 1000000 characters (at most 64)`],
    });
    const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
    definition.offerPlans[0].versions[0].pricePerKwh = '1e100000000';
    const byContract = await refusedCall('workspace:import-definition', { definition });
    expect(byContract.fields).toEqual({
      'offerPlans[0].versions[0].pricePerKwh': [
        '"1e100000000" is out of range: its exponent has 9 digits (at most 4)',
      ],
    });
    const zeros = Array.from({ length: 12 }, () => Array.from({ length: 24 }, () => 0));
    const tariff = await refusedCall('tariffs:save', {
      tariff: {
        masterTariffId: 'T-BOUNDED',
        tariffName: 'Bounded',
        currency: 'THB',
        versions: [
          {
            tariffId: 'T-BOUNDED-1',
            effectiveFrom: '2022-01-01',
            energyWeekdaySchedule: zeros,
            energyWeekendSchedule: zeros,
            rates: [
              {
                tariffRateId: 'energy',
                rateGroupName: 'Energy',
                rateName: 'Energy',
                rateSequenceNumber: 1,
                type: 'COST_PER_UNIT',
                periods: [{ period: 0, tiers: [{ rate: '1e100000000' }, { rate: MILLION_DIGITS }] }],
              },
            ],
          },
        ],
      },
    });
    // An exponent is not the tariff's form of a decimal; a million digits are out of the bounds.
    expect(tariff.fields).toMatchObject({
      'tariff.versions[0].rates[0].periods[0].tiers[0].rate': [
        'must be a decimal number written as a string',
      ],
      'tariff.versions[0].rates[0].periods[0].tiers[1].rate': [
        `"${shortValue(MILLION_DIGITS)}" is too long for a number: 1000000 characters (at most 64)`,
      ],
    });
    const account = await refusedCall('accounts:create', {
      account: {
        account_number: 'A-1',
        location: 'Main street',
        city: 'Bangkok',
        state: 'TX',
        load_zone: 'Z',
        utility: 'U',
        load_profile: 'P',
        rate_class: 'R',
        voltage: 'V',
        summary_usages_attributes: [
          { starts_on: '2022-1-1', ends_on: '2022-1-31', volume_kwh: MILLION_DIGITS },
        ],
        capacity_tags_attributes: [],
        transmission_tags_attributes: [],
      },
    });
    // One answer names every field: this workspace has no reference data for U and P either.
    expect(account.fields).toEqual({
      'summary_usages_attributes[0].volume_kwh': [
        `"${shortValue(MILLION_DIGITS)}" is too long for a number: 1000000 characters (at most 64)`,
      ],
      utility: ['is not a utility of this workspace (see its reference data)'],
      load_profile: ['is not a load profile of this workspace'],
    });
  });
});

describe('bytes that are not UTF-8', () => {
  const latin = (before: string, after: string, byte = 0xe4) =>
    Buffer.concat([Buffer.from(before), Buffer.from([byte]), Buffer.from(after)]);
  const offsetOf = (text: string) => Buffer.byteLength(text);

  it('are refused in a market prices or payments CSV, naming the line and the byte offset', async () => {
    const prices =
      'interval_start,price_per_kwh\n2022-03-01T00:00:00+07:00,2.5\n2022-03-01T01:00:00+07:00,2.';
    const pricesMessage = await refusedImport('prices-latin.csv', latin(prices, '5\n', 0xff));
    expect(pricesMessage).toContain(
      `prices-latin.csv: line 3, column (file): is not valid UTF-8 at byte offset ${offsetOf(prices)} (0xff 0x35 0x0a)`,
    );
    expect(pricesMessage).toContain('refused rather than stored as U+FFFD');
    const payments = 'participant_id,statement_month,paid_on,amount,reference\nc1,2022-01,2022-02-10,10,Caf';
    // A reference is stored as it is read: never with a replacement character. Partial mode refuses it too.
    const paymentsMessage = await refusedImport('payments-latin.csv', latin(payments, '\n', 0xe9), {
      mode: 'partial',
    });
    expect(paymentsMessage).toContain(
      `payments-latin.csv: line 2, column (file): is not valid UTF-8 at byte offset ${offsetOf(payments)} (0xe9 0x0a)`,
    );
  });

  it('are refused in a readings CSV read as UTF-8 past the bytes its encoding was detected from', async () => {
    const lines = ['meter_id,interval_start,interval_minutes,energy_kwh'];
    const start = Date.parse('2022-03-01T00:00:00+07:00') / 1000;
    for (let hour = 0; hour < 8000; hour++)
      lines.push(
        `c1-main,${new Date((start + hour * 3600) * 1000).toISOString().replace('.000Z', 'Z')},60,1.25`,
      );
    const before = `${lines.join('\n')}\nc2-main,2022-06-01T00:00:00Z,60,1.`;
    expect(Buffer.byteLength(before)).toBeGreaterThan(4 * 65_536);
    const message = await refusedImport('readings-late-latin.csv', latin(before, '5\n', 0xb2), {
      mode: 'partial',
    });
    expect(message).toContain(
      `readings-late-latin.csv: line ${lines.length + 1}, column (file): is not valid UTF-8 at byte offset ${offsetOf(before)} (0xb2`,
    );
    // The fixtures in Windows-1252 and UTF-16 still import: test/db/importers.test.ts.
  });

  it('are refused in shadow prices and cost & consumption JSON, a definition and Green Button XML', async () => {
    const shadow =
      '[\n  {"price_date": "2022-3-2", "hour": 1, "lmp_price": "30.5", "total_price_per_mwh": "30.5", "note": "M';
    const shadowMessage = await refusedImport('shadow-latin.json', latin(shadow, 'nchen"}\n]\n', 0xfc));
    expect(shadowMessage).toContain(
      `shadow-latin.json: line 2, column (file): is not valid UTF-8 at byte offset ${offsetOf(shadow)} (0xfc`,
    );

    const usage =
      '{\n  "@deviceId": "c1-main",\n  "@fromDate": "2022-03-01T00:00:00.000+07:00",\n  "@toDate": "2022-03-01T01:00:00.000+07:00",\n  "name": "Z';
    const usageMessage = await refusedImport(
      'usage-latin.json',
      latin(
        usage,
        'hler",\n  "componentList": {"component": [{"@fromDate": "2022-03-01T00:00:00.000+07:00", "@toDate": "2022-03-01T01:00:00.000+07:00", "consumption": 1}]}\n}\n',
      ),
    );
    expect(usageMessage).toContain(
      `usage-latin.json: line 5, column (file): is not valid UTF-8 at byte offset ${offsetOf(usage)} (0xe4`,
    );

    const definition = JSON.parse(readFileSync(path.join(fixturesDir, 'workspace-golden.json'), 'utf8'));
    definition.participants[2].name = 'Consumer @';
    const text = JSON.stringify(definition, null, 2);
    const cut = text.indexOf('@');
    const definitionMessage = await refusedImport(
      'definition-latin.json',
      latin(text.slice(0, cut), text.slice(cut + 1), 0xe9),
    );
    expect(definitionMessage).toBe(
      `definition-latin.json: line ${lineOf(text, '@')}: is not valid UTF-8 at byte offset ${offsetOf(text.slice(0, cut))} (0xe9 0x22 0x2c 0x0a): refused rather than stored as U+FFFD (save the file as UTF-8, or name its encoding). Nothing was stored.`,
    );

    // Green Button: past the bytes its encoding was detected from (in them, such bytes make it Windows-1252).
    const xml = readFileSync(path.join(fixturesDir, 'green-button', 'hourly-electric.xml'), 'utf8');
    const padded = xml.replace(/(<\?xml[^>]*>)/, `$1\n<!-- ${'padding '.repeat(40_000)}-->`);
    const titleAt = padded.lastIndexOf('</title>');
    expect(titleAt).toBeGreaterThan(4 * 65_536);
    const greenButton = await refusedImport(
      'usage-latin.xml',
      latin(padded.slice(0, titleAt), padded.slice(titleAt), 0xe9),
      { mapping: { createMeters: { participantId: 'c1' } } },
    );
    expect(greenButton).toContain(
      `usage-latin.xml: line ${padded.slice(0, titleAt).split('\n').length}, column (file): is not valid UTF-8 at byte offset ${offsetOf(padded.slice(0, titleAt))} (0xe9`,
    );
  });
});

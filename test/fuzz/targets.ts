/**
 * The importers `npm run fuzz` feeds: each with a real fixture file, the workspace it imports
 * into, and how one case runs and is judged. A case passes when the file is accepted, or refused
 * with an error that is not `internal` and names the file, and when a refusal left every
 * table's row count as it was and SQLite's quick_check says ok.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { callOperation } from '../../main/api/dispatch';
import { Workspace } from '../../main/store/workspace';

import type { Format } from './mutate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (...parts: string[]) => path.join(root, ...parts);

export interface Target {
  name: string;
  format: Format;
  fileName: string;
  original: () => Uint8Array;
  /** Runs the mutated file through the importer; the operation's answer. */
  run: (workspace: Workspace, file: string) => Promise<{ ok: boolean; code?: string; message?: string }>;
}

function shadowPrices(): Uint8Array {
  const hours = Array.from({ length: 24 }, (_, i) => ({
    price_date: '2022-1-2',
    hour: i + 1,
    lmp_price: `${30 + i}.5`,
    capacity_price: '1.25',
    total_price_per_mwh: `${31 + i}.75`,
  }));
  return Buffer.from(JSON.stringify(hours, null, 1));
}

const importAs =
  (fileName: string, extra: Record<string, unknown> = {}) =>
  async (workspace: Workspace, file: string) => {
    const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
      fileName,
      ...extra,
    });
    return result.ok ? { ok: true } : { ok: false, code: result.error.code, message: result.error.message };
  };

/** A JSON document the CLI reads itself before calling an operation: its parse error names the file. */
const jsonOperation =
  (fileName: string, operation: string, input: (value: unknown) => unknown) =>
  async (workspace: Workspace, file: string) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return {
        ok: false,
        code: 'invalid_input',
        message: `${fileName}: is not JSON (${(error as Error).message})`,
      };
    }
    const result = await callOperation({ workspace }, operation, input(value));
    return result.ok
      ? { ok: true }
      : { ok: false, code: result.error.code, message: `${fileName}: ${result.error.message}` };
  };

export const targets: Target[] = [
  {
    name: 'readings-csv',
    format: 'csv',
    fileName: 'readings.csv',
    original: () => readFileSync(fixture('test/fixtures/readings/hourly-kwh.input.csv')),
    run: importAs('readings.csv', { onConflict: 'replace' }),
  },
  {
    name: 'readings-wide-csv',
    format: 'csv',
    fileName: 'wide.csv',
    original: () => readFileSync(fixture('test/fixtures/readings/wide-berlin-dst-days.input.csv')),
    run: importAs('wide.csv', {
      onConflict: 'replace',
      mapping: { meterId: 'con-b-main', unit: 'kWh', timezone: 'Europe/Berlin' },
    }),
  },
  {
    name: 'readings-xlsx',
    format: 'xlsx',
    fileName: 'portal-export.xlsx',
    original: () => readFileSync(fixture('docs/examples/portal-export.xlsx')),
    run: importAs('portal-export.xlsx', {
      onConflict: 'replace',
      mapping: JSON.parse(readFileSync(fixture('docs/examples/mapping.json'), 'utf8')),
    }),
  },
  {
    name: 'green-button',
    format: 'xml',
    fileName: 'green-button.xml',
    original: () => readFileSync(fixture('test/fixtures/green-button/hourly-electric.xml')),
    run: importAs('green-button.xml', {
      onConflict: 'replace',
      mapping: { createMeters: { participantId: 'con-b' } },
    }),
  },
  {
    name: 'cost-consumption-json',
    format: 'json',
    fileName: 'seed-monthly.json',
    original: () => readFileSync(fixture('test/fixtures/cost-consumption/seed-monthly.json')),
    run: importAs('seed-monthly.json', {
      onConflict: 'replace',
      mode: 'partial',
      mapping: { meterId: 'con-c-main' },
    }),
  },
  {
    name: 'cost-consumption-xml',
    format: 'xml',
    fileName: 'seed-monthly.xml',
    original: () => readFileSync(fixture('test/fixtures/cost-consumption/seed-monthly.xml')),
    run: importAs('seed-monthly.xml', {
      onConflict: 'replace',
      mode: 'partial',
      mapping: { meterId: 'con-c-main' },
    }),
  },
  {
    name: 'urdb',
    format: 'json',
    fileName: 'rate.json',
    original: () => readFileSync(fixture('docs/examples/rate.json')),
    run: jsonOperation('rate.json', 'tariffs:import-urdb', (rate) => ({ rate, currency: 'THB' })),
  },
  {
    name: 'workspace-definition',
    format: 'json',
    fileName: 'workspace.json',
    original: () => readFileSync(fixture('docs/examples/workspace.json')),
    run: importAs('workspace.json', { kind: 'workspace' }),
  },
  {
    name: 'market-prices',
    format: 'csv',
    fileName: 'prices.csv',
    original: () => readFileSync(fixture('test/fixtures/market-prices.csv')),
    run: importAs('prices.csv', { kind: 'market-prices', onConflict: 'replace' }),
  },
  {
    name: 'shadow-prices',
    format: 'json',
    fileName: 'shadow-prices.json',
    original: shadowPrices,
    run: importAs('shadow-prices.json', { kind: 'market-prices', onConflict: 'replace' }),
  },
  {
    name: 'payments',
    format: 'csv',
    fileName: 'payments.csv',
    original: () =>
      Buffer.from(
        'participant_id,statement_month,paid_on,amount,reference\ncon-b,2022-01,2022-02-10,10,TRX-1\ncon-c,2022-01,2022-02-11,2.5000,TRX-2\n',
      ),
    run: importAs('payments.csv', { kind: 'payments' }),
  },
  {
    name: 'load-profile',
    format: 'csv',
    fileName: 'office.csv',
    original: () => readFileSync(fixture('docs/examples/office.csv')),
    run: async (workspace, file) => {
      const result = await callOperation({ workspace }, 'load-profiles:save', {
        code: 'FUZZ',
        name: 'Fuzzed office',
        csv: readFileSync(file, 'utf8'),
        normalize: true,
      });
      return result.ok
        ? { ok: true }
        : { ok: false, code: result.error.code, message: `office.csv: ${result.error.message}` };
    },
  },
];

/** A workspace for the fuzzed imports: the small example market with January 2022 settled. */
export async function fuzzWorkspace(file: string): Promise<Workspace> {
  const workspace = await Workspace.create(file);
  const definition = JSON.parse(readFileSync(fixture('docs/examples/workspace.json'), 'utf8'));
  const defined = await callOperation({ workspace }, 'workspace:import-definition', { definition });
  if (!defined.ok) throw new Error(defined.error.message);
  for (const example of ['readings.csv', 'prices.csv']) {
    const source = fixture('docs/examples', example);
    const imported = await callOperation(
      { workspace, upload: () => createReadStream(source) },
      'imports:file',
      {
        fileName: example,
      },
    );
    if (!imported.ok) throw new Error(imported.error.message);
  }
  const settled = await callOperation({ workspace }, 'settlement:settle', {
    month: '2022-01',
    allowGaps: true,
  });
  if (!settled.ok) throw new Error(settled.error.message);
  return workspace;
}

/** Row counts of every table and SQLite's quick_check: what a refused import must leave unchanged. */
export async function workspaceState(
  workspace: Workspace,
): Promise<{ counts: Record<string, number>; check: string }> {
  const tables = await workspace.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await workspace.db.all<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = row?.n ?? 0;
  }
  const [check] = await workspace.db.all<{ quick_check: string }>('PRAGMA quick_check');
  return { counts, check: check?.quick_check ?? 'no answer' };
}

export function writeCase(file: string, bytes: Uint8Array): void {
  writeFileSync(file, bytes);
}

/**
 * `export`: writes the workspace definition JSON, readings as canonical CSV, or a run's raw lines
 * (`--lines`, CSV streamed or XLSX), to a file written aside and moved into place whole, or stdout.
 */
import { callOperation } from '../../api/dispatch';
import { atomicWriteStream, produceFileAtomic, refuseExisting } from '../../atomic-file';
import { UsageError, common, stderr, withWorkspace } from '../cli-support';
import { defineCommand } from '../command';
import { writeReadingsCsv } from '../export-readings';
import { monthsBetween } from '../months';

/**
 * `export --lines`: a run's raw lines (the month's run in force, or --run), or a range of
 * months' (--from YYYY-MM --to YYYY-MM: each month's run in force, one file), as CSV or XLSX.
 */
async function exportLines(values: {
  db?: string;
  month?: string;
  run?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
}): Promise<number> {
  const range = values.from !== undefined || values.to !== undefined;
  if ([values.month, values.run, range ? 'range' : undefined].filter(Boolean).length !== 1)
    throw new UsageError(
      'export --lines needs one of --month YYYY-MM, --run ID or --from YYYY-MM --to YYYY-MM',
    );
  if (range && !(/^\d{4}-\d{2}$/.test(values.from ?? '') && /^\d{4}-\d{2}$/.test(values.to ?? '')))
    throw new UsageError('export --lines --from and --to are months, YYYY-MM');
  if (range && values.from! > values.to!)
    throw new UsageError(`export --lines --from ${values.from} comes after --to ${values.to}`);
  if (values.format !== 'csv' && values.format !== 'xlsx') throw new UsageError('--format is csv or xlsx');
  if (values.format === 'xlsx' && !values.out)
    throw new UsageError('export --lines --format xlsx needs --out FILE.xlsx');
  if (values.out) await refuseExisting(values.out, 'export');
  return withWorkspace(values.db, async (workspace) => {
    const { runToExport, runsToExport, writeLinesCsv, writeLinesXlsx } =
      await import('../../settlement/run-export');
    let runs;
    try {
      runs = range
        ? await runsToExport(workspace, monthsBetween(values.from!, values.to!))
        : [
            await runToExport(
              workspace,
              values.run ? { runId: Number(values.run) } : { month: values.month! },
            ),
          ];
    } catch (error) {
      stderr(`error: ${(error as Error).message}`);
      return 2;
    }
    const what =
      runs.length === 1
        ? `run ${runs[0]!.id} (${runs[0]!.month})`
        : `${runs.length} runs (${runs[0]!.month} to ${runs.at(-1)!.month})`;
    if (values.format === 'xlsx') {
      const { lines, sheets } = await produceFileAtomic(values.out!, (partial) =>
        writeLinesXlsx(workspace, runs, partial),
      );
      process.stdout.write(`Wrote ${lines} line(s) of ${what} to ${values.out} in ${sheets} sheet(s)\n`);
      return 0;
    }
    const target = values.out ? atomicWriteStream(values.out) : undefined;
    let lines: number;
    try {
      lines = await writeLinesCsv(workspace, runs, target?.stream ?? process.stdout);
      await target?.commit();
    } catch (error) {
      await target?.abort();
      throw error;
    }
    if (target) process.stdout.write(`Wrote ${lines} line(s) of ${what} to ${values.out}\n`);
    return 0;
  });
}

export const exportCommand = defineCommand({
  name: 'export',
  usage: [
    '[--db FILE] --definition | --readings --from YYYY-MM-DD --to YYYY-MM-DD [--meter ID] [--out FILE]',
    '| --lines --month YYYY-MM|--run ID|--from YYYY-MM --to YYYY-MM [--format csv|xlsx] [--out FILE]',
  ],
  help: [
    "Write the workspace definition JSON, readings as canonical CSV, or a run's raw lines",
    "(CSV streamed; XLSX split across sheets past Excel's row limit).",
  ],
  options: {
    ...common,
    definition: { type: 'boolean' },
    readings: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    meter: { type: 'string', multiple: true },
    out: { type: 'string' },
    lines: { type: 'boolean' },
    month: { type: 'string' },
    run: { type: 'string' },
    format: { type: 'string', default: 'csv' },
  },
  async run({ values }) {
    if ([values.definition, values.readings, values.lines].filter(Boolean).length !== 1)
      throw new UsageError('export needs exactly one of --definition, --readings or --lines');
    if (values.lines) return exportLines(values);
    if (values.readings && (!values.from || !values.to))
      throw new UsageError('export --readings needs --from and --to (local days, YYYY-MM-DD)');
    if (values.out) await refuseExisting(values.out, 'export');
    // The file is written under a temporary name once the workspace opened, and moved into place whole.
    return withWorkspace(values.db, async (workspace) => {
      const target = values.out ? atomicWriteStream(values.out) : undefined;
      const out = target?.stream ?? process.stdout;
      try {
        if (values.definition) {
          const result = await callOperation({ workspace }, 'workspace:get', {});
          if (!result.ok) throw new Error(result.error.message);
          out.write(`${JSON.stringify(result.value, null, 2)}\n`);
        } else {
          await writeReadingsCsv(
            workspace,
            { from: values.from!, to: values.to!, meterIds: values.meter ?? [] },
            out,
          );
        }
        await target?.commit();
      } catch (error) {
        await target?.abort();
        throw error;
      }
      return 0;
    });
  },
});

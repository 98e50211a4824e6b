/**
 * Comparing two runs of the same month (issue 10): which inputs changed
 * (imports added, removed or replaced; readings, plans, tariffs, pools, prices,
 * estimates, virtual meters; engine version, options) and how each
 * participant's totals moved, down to the hours and lines that differ.
 */
import type { RunDiffDto } from '../../shared/contract';
import { formatSeedUtc, isoWithOffset, localDayOf } from '../../shared/time';
import { Dec } from '../../shared/units';
import { invalidInput, notFound } from '../errors';
import { differingLines, differingTotals } from '../store/run-comparison';
import { runById, type RunRow } from '../store/settlement-repository';
import type { Workspace } from '../store/workspace';

import { INPUT_NAMES } from './identity';

interface Manifest {
  engineVersion?: string;
  options?: unknown;
  inputs?: Record<string, unknown>;
  sources?: { importId: number; fileName: string; sha256: string }[];
  estimates?: unknown[];
  virtualMeters?: unknown[];
}

const kwh = (mWh: number) => new Dec(mWh).dividedBy(1_000_000).toFixed();
const money = (e4: number) => new Dec(e4).dividedBy(10_000).toFixed(4);
const summary = (run: RunRow) => ({
  id: run.id,
  identity: run.identity,
  status: run.status,
  engineVersion: run.engine_version,
  createdAt: formatSeedUtc(run.created_utc),
});

/** The two runs `a` and `b` of a month compared, with at most `limit` of the lines that differ. */
export async function compareRuns(
  workspace: Workspace,
  input: { a: number; b: number; limit: number },
): Promise<RunDiffDto> {
  const a = await runById(workspace.db, input.a);
  const b = await runById(workspace.db, input.b);
  if (!a) throw notFound(`run ${input.a} does not exist`);
  if (!b) throw notFound(`run ${input.b} does not exist`);
  if (a.month !== b.month)
    throw invalidInput(
      `runs ${a.id} (${a.month}) and ${b.id} (${b.month}) settle different months; compare two runs of the same month`,
      { b: [`settles ${b.month}, not ${a.month}`] },
    );
  const { timezone } = await workspace.settings();
  const ma = JSON.parse(a.manifest_json) as Manifest;
  const mb = JSON.parse(b.manifest_json) as Manifest;

  // Inputs.
  const changed = Object.keys({ ...ma.inputs, ...mb.inputs })
    .filter((key) => JSON.stringify(ma.inputs?.[key]) !== JSON.stringify(mb.inputs?.[key]))
    .map((key) => ({ input: key, what: INPUT_NAMES[key] ?? key }));
  const sourcesA = ma.sources ?? [];
  const sourcesB = mb.sources ?? [];
  const idsA = new Set(sourcesA.map((s) => s.importId));
  const idsB = new Set(sourcesB.map((s) => s.importId));
  const added = sourcesB.filter((s) => !idsA.has(s.importId));
  const removed = sourcesA.filter((s) => !idsB.has(s.importId));
  const replaced = added
    .filter((s) => removed.some((r) => r.fileName === s.fileName))
    .map((s) => ({ before: removed.find((r) => r.fileName === s.fileName)!, after: s }));
  const replacedIds = new Set(replaced.flatMap((r) => [r.before.importId, r.after.importId]));

  // Participants' month totals, by side and kind, where they moved.
  const totals = await differingTotals(workspace.db, a.id, b.id);

  // The lines that differ, hour by hour.
  const limit = input.limit;
  const lines = await differingLines(workspace.db, a.id, b.id);
  const days = [...new Set(lines.map((l) => localDayOf(l.hour, timezone)))];
  const participants = [...new Set(totals.map((t) => t.participant_id))];
  const answer: RunDiffDto = {
    month: a.month,
    a: summary(a),
    b: summary(b),
    identical: a.identity === b.identity,
    inputs: {
      engineVersion: {
        a: a.engine_version,
        b: b.engine_version,
        changed: a.engine_version !== b.engine_version,
      },
      optionsChanged: a.options_json !== b.options_json,
      changed,
      importsAdded: added.filter((s) => !replacedIds.has(s.importId)),
      importsRemoved: removed.filter((s) => !replacedIds.has(s.importId)),
      importsReplaced: replaced,
      estimatesChanged: JSON.stringify(ma.estimates ?? []) !== JSON.stringify(mb.estimates ?? []),
      virtualMetersChanged: JSON.stringify(ma.virtualMeters ?? []) !== JSON.stringify(mb.virtualMeters ?? []),
    },
    participants,
    totals: totals.map((t) => ({
      participantId: t.participant_id,
      side: t.side,
      kind: t.kind,
      a: { kWh: kwh(t.ea ?? 0), cost: money(t.ca ?? 0) },
      b: { kWh: kwh(t.eb ?? 0), cost: money(t.cb ?? 0) },
      delta: { kWh: kwh((t.eb ?? 0) - (t.ea ?? 0)), cost: money((t.cb ?? 0) - (t.ca ?? 0)) },
    })),
    days,
    hoursDiffering: new Set(lines.map((l) => l.hour)).size,
    linesDiffering: lines.length,
    lines: lines.slice(0, limit).map((l) => ({
      startDate: formatSeedUtc(l.hour),
      localHour: isoWithOffset(l.hour, timezone),
      kind: l.kind,
      generatorId: l.generator_id,
      consumerId: l.consumer_id,
      a: { kWh: kwh(l.ea ?? 0), cost: money(l.ca ?? 0) },
      b: { kWh: kwh(l.eb ?? 0), cost: money(l.cb ?? 0) },
    })),
  };
  return answer;
}

/**
 * One fuzzing worker (a child process of test/fuzz/run.ts): it receives cases, imports each
 * mutated file into its target's workspace and answers with the outcome. The parent ends it
 * when a case runs past its time bound, and starts another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Workspace } from '../../main/store/workspace';

import { mutate } from './mutate';
import { fuzzWorkspace, targets, workspaceState, writeCase } from './targets';

export interface CaseRequest {
  target: string;
  seed: number;
  index: number;
}

export interface CaseOutcome extends CaseRequest {
  /** accepted, refused (named, nothing changed), or a failure: internal, unnamed, changed, crash. */
  verdict: 'accepted' | 'refused' | 'internal' | 'unnamed' | 'changed' | 'crash';
  steps: string[];
  detail?: string;
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'energy-ledger-fuzz-'));
const workspaces = new Map<string, Promise<Workspace>>();
const others = targets.map((t) => t.original());

/**
 * A refusal may add exactly what records it: one `rejected` entry in the import log and its
 * line in the audit log. Any other table that changed is a failure.
 */
function unexpectedChanges(
  before: Awaited<ReturnType<typeof workspaceState>>,
  after: Awaited<ReturnType<typeof workspaceState>>,
): string[] {
  const logs: Record<string, number> = { imports: 1, audit_log: 1 };
  return Object.keys({ ...before.counts, ...after.counts }).flatMap((table) => {
    const grew = (after.counts[table] ?? 0) - (before.counts[table] ?? 0);
    return grew === 0 || (grew > 0 && grew <= (logs[table] ?? 0))
      ? []
      : [`${table} ${before.counts[table]} → ${after.counts[table]}`];
  });
}

/** The newest import log entry: a refusal may add one, and only a `rejected` one. */
async function lastImport(workspace: Workspace): Promise<string> {
  const [row] = await workspace.db.all<{ id: number; status: string }>(
    'SELECT id, status FROM imports ORDER BY id DESC LIMIT 1',
  );
  return row ? `#${row.id} ${row.status}` : 'none';
}

async function runCase(request: CaseRequest): Promise<CaseOutcome> {
  const targetIndex = targets.findIndex((t) => t.name === request.target);
  const target = targets[targetIndex]!;
  const other = others[(targetIndex + 1 + (request.index % (targets.length - 1))) % targets.length]!;
  const mutation =
    request.index < 0
      ? { bytes: target.original(), steps: ['the original file'] }
      : mutate(target.original(), target.format, request.seed, request.index, other);
  const file = path.join(folder, `${target.name}-${request.index}${path.extname(target.fileName)}`);
  writeCase(file, mutation.bytes);
  if (!workspaces.has(target.name))
    workspaces.set(target.name, fuzzWorkspace(path.join(folder, `${target.name}.sqlite`)));
  const workspace = await workspaces.get(target.name)!;
  const base = { ...request, steps: mutation.steps };
  try {
    const before = await workspaceState(workspace);
    const importBefore = await lastImport(workspace);
    const answer = await target.run(workspace, file);
    if (answer.ok) return { ...base, verdict: 'accepted' };
    if (answer.code === 'internal') return { ...base, verdict: 'internal', detail: answer.message };
    if (!answer.message?.includes(target.fileName))
      return { ...base, verdict: 'unnamed', detail: answer.message ?? '(no message)' };
    const after = await workspaceState(workspace);
    const changed = unexpectedChanges(before, after);
    const importAfter = await lastImport(workspace);
    if (importAfter !== importBefore && !importAfter.endsWith(' rejected'))
      changed.push(`the import log gained ${importAfter}`);
    if (changed.length > 0 || after.check !== 'ok')
      return { ...base, verdict: 'changed', detail: `${changed.join(', ')}; quick_check ${after.check}` };
    return { ...base, verdict: 'refused', detail: answer.message.slice(0, 300) };
  } catch (error) {
    return { ...base, verdict: 'crash', detail: (error as Error).stack ?? String(error) };
  } finally {
    rmSync(file, { force: true });
  }
}

process.on('message', (request: CaseRequest) => {
  void runCase(request).then((outcome) => process.send?.(outcome));
});
process.on('disconnect', () => {
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
});
process.send?.({ ready: true });

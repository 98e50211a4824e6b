/** Real SQLite workspace files in a temporary folder, removed after each test file. */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { callOperation } from '../../main/api/dispatch';
import { importDefinition } from '../../main/importers/workspace-json';
import { Workspace } from '../../main/store/workspace';

export const fixturesDir = path.resolve(__dirname, '..', 'fixtures');

export function tempFolder(prefix = 'energy-ledger-test-'): {
  dir: string;
  file: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function readFixtureJson<T = unknown>(relative: string): T {
  return JSON.parse(readFileSync(path.join(fixturesDir, relative), 'utf8')) as T;
}

/** A workspace definition whose market is just these participants and meters: no pools, offer plans or utility plans. */
export function marketDefinition(
  settings: { name: string; timezone: string; currency: string; priceZone: string },
  participants: Record<string, unknown>[],
  meters: Record<string, unknown>[],
) {
  return {
    format: 'energy-ledger-workspace',
    formatVersion: 1,
    settings,
    participants,
    meters,
    pools: [],
    offerPlans: [],
    utilityPlans: [],
    utilityPlanAssignments: [],
  };
}

/** A new workspace file holding the small hand-made definition of test/fixtures/workspace-small.json. */
export async function smallWorkspace(file: string): Promise<Workspace> {
  const workspace = await Workspace.create(file);
  await importDefinition(workspace.db, 'workspace-small.json', readFixtureJson('workspace-small.json'));
  return workspace;
}

export async function importFixture(
  workspace: Workspace,
  relative: string,
  kind = 'auto',
  mapping?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const file = path.join(fixturesDir, relative);
  return callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    kind,
    ...(mapping ? { mapping } : {}),
    ...extra,
  });
}

/** Calls one API operation as the app does; a refusal throws its message, with the API's error as `.error`. */
export async function callOk(workspace: Workspace, name: string, input: unknown): Promise<any> {
  const result = await callOperation({ workspace }, name, input);
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
  return result.value;
}

/** Imports one real file through `imports:file`; a refusal throws its message. */
export async function importFileOk(
  workspace: Workspace,
  file: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const result = await callOperation({ workspace, upload: () => createReadStream(file) }, 'imports:file', {
    fileName: path.basename(file),
    ...extra,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

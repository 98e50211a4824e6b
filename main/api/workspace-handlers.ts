/**
 * The workspace itself: its summary (with the month the app opens on), opening, creating and
 * switching workspaces, the recent list, the stored definition and its participants.
 */
import path from 'node:path';

import type { WorkspaceSummaryDto } from '../../shared/contract';
import { localMonthOf } from '../../shared/time';
import { ApiError } from '../errors';
import { importDefinition } from '../importers/workspace-json';
import { readDefinition } from '../store/definition-repository';
import { participantsByName } from '../store/participant-directory';
import { latestReadingStartUtc } from '../store/readings-repository';
import { readRecent, rememberRecent } from '../store/recent-workspaces';
import { latestSettledMonth } from '../store/settlement-repository';
import { Workspace } from '../store/workspace';
import { WorkspaceFileError } from '../store/workspace-file';

import type { Handlers, WorkspaceSwitcher } from './context';

async function defaultMonthOf(
  workspace: Workspace,
  timezone: string,
  now = Date.now(),
): Promise<Pick<WorkspaceSummaryDto, 'defaultMonth' | 'defaultMonthFrom'>> {
  const settled = await latestSettledMonth(workspace.db);
  if (settled) return { defaultMonth: settled, defaultMonthFrom: 'settled' };
  const latest = await latestReadingStartUtc(workspace.db);
  if (latest !== undefined)
    return { defaultMonth: localMonthOf(latest, timezone), defaultMonthFrom: 'readings' };
  return { defaultMonth: localMonthOf(Math.floor(now / 1000), timezone), defaultMonthFrom: 'today' };
}

async function summaryOf(workspace: Workspace): Promise<WorkspaceSummaryDto> {
  const settings = await workspace.settings();
  const access = await workspace.access();
  return {
    name: settings.name,
    timezone: settings.timezone,
    currency: settings.currency,
    path: workspace.filePath,
    access: { mode: access.mode, ...(access.reason ? { reason: access.reason } : {}) },
    ...(await defaultMonthOf(workspace, settings.timezone)),
  };
}

/** The months a stored readings import stored readings in, each with its run in force (null: not settled). */

async function switchWorkspace(host: WorkspaceSwitcher | undefined, open: () => Promise<Workspace>) {
  if (!host)
    throw new ApiError(
      'refused',
      'this way of calling Energy Ledger works on one workspace: name it with --db',
    );
  let next: Workspace;
  try {
    next = await open();
  } catch (error) {
    if (error instanceof WorkspaceFileError) throw new ApiError('conflict', error.message);
    throw error;
  }
  const summary = await summaryOf(next);
  await host.switchTo(next);
  rememberRecent(host.recentFile, { path: next.filePath, name: summary.name });
  return summary;
}

export const workspaceHandlers: Pick<
  Handlers,
  | 'workspace:summary'
  | 'workspace:open'
  | 'workspace:create'
  | 'workspaces:recent'
  | 'workspace:get'
  | 'workspace:import-definition'
  | 'participants:list'
> = {
  async 'workspace:summary'({ workspace }) {
    return summaryOf(workspace);
  },

  async 'workspace:open'({ host }, input) {
    return switchWorkspace(host, () => Workspace.open(path.resolve(input.path)));
  },

  async 'workspace:create'({ host }, input) {
    return switchWorkspace(host, () =>
      Workspace.create(path.resolve(input.path), input.name ? { name: input.name } : {}),
    );
  },

  async 'workspaces:recent'({ host }) {
    return host ? readRecent(host.recentFile) : [];
  },

  async 'workspace:get'({ workspace }) {
    return readDefinition(workspace.db, await workspace.settings());
  },

  async 'workspace:import-definition'({ workspace }, input) {
    return importDefinition(workspace.db, 'workspace definition', input.definition);
  },

  async 'participants:list'({ workspace }) {
    return participantsByName(workspace.db);
  },
};

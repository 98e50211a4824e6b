/**
 * Workspace operations: the open workspace's summary and definition, opening and creating
 * workspace files, the recent list, importing or saving a definition, and its participants.
 */
import { z } from 'zod';

import type { WorkspaceDefinition } from '../definition';

import { Flag, output } from './common';
import type { ImportReportDto } from './import-report';

export interface WorkspaceSummaryDto {
  name: string;
  timezone: string;
  currency: string;
  path: string;
  /** Read-write, or read-only and why (the file cannot be written, or it is damaged). */
  access: { mode: 'read-write' | 'read-only'; reason?: string };
  /**
   * The month `YYYY-MM` the app opens on when a route names none: the latest settled month, else
   * the latest month with readings of a meter that settles, else the current month, all in the
   * workspace's timezone. A newcomer's market opens on its own data, never on an empty month.
   */
  defaultMonth: string;
  /** Where `defaultMonth` comes from. */
  defaultMonthFrom: 'settled' | 'readings' | 'today';
}

/** A definition saved (or checked, `status: 'dry-run'`) from the editor: its import report, and what it changes part by part. */
export interface DefinitionSaveDto extends ImportReportDto {
  changes: string[];
}

export interface ParticipantDto {
  id: string;
  name: string;
  role: 'consumer' | 'prosumer';
}

export const workspaceOperations = {
  'workspace:summary': {
    input: z.object({}),
    http: 'GET /api/workspace/summary',
    output: output<WorkspaceSummaryDto>(),
  },
  'workspace:get': {
    input: z.object({}),
    http: 'GET /api/workspace',
    output: output<WorkspaceDefinition>(),
  },
  /** Opens another workspace file (the loopback server and the desktop app switch to it). */
  'workspace:open': {
    input: z.object({ path: z.string().min(1, 'must name a workspace file').max(4096) }),
    http: 'POST /api/workspace/open',
    output: output<WorkspaceSummaryDto>(),
  },
  /** Creates an empty workspace file (it must not exist) and switches to it. */
  'workspace:create': {
    input: z.object({
      path: z.string().min(1, 'must name the new file').max(4096),
      name: z.string().min(1).max(200).optional(),
    }),
    http: 'POST /api/workspace/new',
    output: output<WorkspaceSummaryDto>(),
  },
  'workspaces:recent': {
    input: z.object({}),
    http: 'GET /api/workspaces/recent',
    output: output<{ path: string; name: string; openedAt: string }[]>(),
  },
  'workspace:import-definition': {
    input: z.object({ definition: z.unknown() }),
    http: 'PUT /api/workspace',
    output: output<ImportReportDto>(),
  },
  /**
   * Saves a definition built in the app's editor: sent as the JSON text of a workspace file named
   * `fileName` (default `definition-edited-<UTC date and time>.json`) through the same importer as
   * `imports:file`, so it is logged as an import of kind `workspace` and undone with `imports:remove`.
   * `dryRun` checks it and says what would change, storing nothing.
   */
  'workspace:save-definition': {
    input: z.object({
      definition: z.unknown().nonoptional('is required'),
      fileName: z
        .string()
        .max(200, 'must be at most 200 characters')
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/, 'must be a file name ending in .json')
        .optional(),
      dryRun: Flag.default(false),
    }),
    http: 'POST /api/workspace/definition',
    output: output<DefinitionSaveDto>(),
  },
  'participants:list': {
    input: z.object({}),
    http: 'GET /api/participants',
    output: output<ParticipantDto[]>(),
  },
} as const;

/**
 * The contract's operations over IPC. One ipcMain.handle per operation (never a generic
 * "invoke anything" channel), each refusing callers other than our own window's top frame
 * showing app:// content, then delegating to callOperation, which validates the input like
 * every other transport does. Every call is answered with a Result: nothing thrown here
 * reaches the page as a rejected invoke.
 *
 * The page never names a file. A file comes from one of main's own dialogs, or, to reopen a
 * workspace, from main's list of recent workspaces:
 *
 * - `imports:file` shows the open dialog; `sameFile: true` reuses the file of the last dialog,
 *   for the wizard's import after its dry run, and only in the workspace it was chosen in;
 * - `workspace:open` takes `{}` and shows the open dialog, or `{ recent }`, the `path` of an
 *   entry as `workspaces:recent` listed it: only an entry of main's own list is opened;
 * - `workspace:create` takes `{ name? }` and shows the save dialog;
 * - a `path` from the page is refused (the loopback server, which serves a browser, takes one).
 *
 * Electron is injected (boundary.ts), so all this runs under Node in the unit tests.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

import type { FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { z } from 'zod';

import {
  contract,
  type ImportProgress,
  type OperationName,
  type Result,
  type WorkspaceSummaryDto,
} from '../../shared/contract';
import { forbiddenKeyPath } from '../../shared/input-guard';
import {
  importProgressChannel,
  ipcChannelOf,
  operationNames,
  settleProgressChannel,
} from '../../shared/operation-names';
import type { ApiContext, WorkspaceSwitcher } from '../api/context';
import { callOperation, invalidInputResult } from '../api/dispatch';
import { readRecent } from '../store/recent-workspaces';
import type { Workspace } from '../store/workspace';

import { isAppUrl } from './app-url';
import type { ShellElectron, ShellInvokeEvent, ShellWindow } from './boundary';

export interface ShellHost<W extends ShellWindow = ShellWindow> {
  window(): W | null;
  /** The workspace open right now; null only while quitting. */
  workspace(): Workspace | null;
  /** Makes `next` current, reloads the window and closes the previous workspace. */
  switchTo(next: Workspace): Promise<void>;
  /** The list of recently opened workspaces, in the app's data folder. */
  readonly recentFile: string;
}

/** A dialog closed without a choice: IPC answers it as a refusal, the menu does nothing. */
export const CANCELLED = 'cancelled';
export type Outcome<T> = Result<T> | typeof CANCELLED;

export interface Shell {
  /** One ipcMain.handle per contract operation. */
  registerOperations(): void;
  /** Switches to a workspace chosen in main's open dialog, or to an entry of the recent list. */
  openWorkspace(choice?: { recent?: string }): Promise<Outcome<WorkspaceSummaryDto>>;
  /** Creates a workspace where main's save dialog says and switches to it. */
  createWorkspace(options?: { name?: string }): Promise<Outcome<WorkspaceSummaryDto>>;
  /** Every switch goes through here: it forgets the import dialog's file, which belongs to the previous workspace. */
  switchTo(next: Workspace): Promise<void>;
}

export const workspaceFilters: FileFilter[] = [
  { name: 'Energy Ledger workspace', extensions: ['sqlite'] },
  { name: 'All files', extensions: ['*'] },
];

const importDialog: OpenDialogOptions = {
  title: 'Import a file',
  properties: ['openFile'],
  filters: [
    { name: 'Readings, prices, payments, workspaces', extensions: ['csv', 'txt', 'xlsx', 'xml', 'json'] },
    { name: 'CSV', extensions: ['csv', 'txt'] },
    { name: 'Excel workbook', extensions: ['xlsx'] },
    { name: 'Green Button XML', extensions: ['xml'] },
    { name: 'Workspace definition', extensions: ['json'] },
  ],
};

/** What the page may send for the two operations whose contract input is a path (see the top of this file). */
const desktopInputs = {
  'workspace:open': z.strictObject({
    recent: z.string().min(1, 'must be the path of an entry of workspaces:recent').max(4096).optional(),
  }),
  'workspace:create': z.strictObject({ name: contract['workspace:create'].input.shape.name }),
};

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'refused', message } };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True only for the top frame of our window, currently showing our own bundle. */
export function fromOurWindow(event: ShellInvokeEvent, window: ShellWindow | null): boolean {
  const frame = event.senderFrame;
  if (!window || window.isDestroyed() || !frame || frame.detached) return false;
  const main = window.webContents.mainFrame;
  // WebFrameMain objects are not guaranteed unique per frame: compare identities, not references.
  return (
    event.sender.id === window.webContents.id &&
    frame.processId === main.processId &&
    frame.frameToken === main.frameToken &&
    isAppUrl(frame.url)
  );
}

/** The size of a file a dialog named, or the reason it cannot be read, as an answer for the page. */
async function sizeOf(file: string): Promise<number | Result<never>> {
  try {
    const stats = await stat(file);
    if (!stats.isFile()) {
      return { ok: false, error: { code: 'invalid_input', message: `imports:file: ${file} is not a file` } };
    }
    return stats.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return {
        ok: false,
        error: {
          code: 'not_found',
          message: `imports:file: ${file} no longer exists; choose the file again`,
        },
      };
    }
    return {
      ok: false,
      error: {
        code: 'refused',
        message: `imports:file: ${file} cannot be read (${code ?? messageOf(error)})`,
      },
    };
  }
}

export function createShell<W extends ShellWindow>(electron: ShellElectron<W>, host: ShellHost<W>): Shell {
  /** The import dialog's last file, kept for `sameFile` together with the workspace it was chosen in. */
  let importChoice: { workspace: Workspace; file: string } | null = null;

  const switcher: WorkspaceSwitcher = {
    switchTo: (next) => shell.switchTo(next),
    get recentFile() {
      return host.recentFile;
    },
  };

  async function askOpen(options: OpenDialogOptions): Promise<string | undefined> {
    const window = host.window();
    const answer = window
      ? await electron.dialog.showOpenDialog(window, options)
      : await electron.dialog.showOpenDialog(options);
    return answer.canceled ? undefined : answer.filePaths[0];
  }

  async function askSave(options: SaveDialogOptions): Promise<string | undefined> {
    const window = host.window();
    const answer = window
      ? await electron.dialog.showSaveDialog(window, options)
      : await electron.dialog.showSaveDialog(options);
    return answer.canceled || !answer.filePath ? undefined : answer.filePath;
  }

  async function openWorkspace(choice: { recent?: string } = {}): Promise<Outcome<WorkspaceSummaryDto>> {
    const current = host.workspace();
    if (!current) return refused('workspace:open: refused; no workspace is open');
    let file: string;
    if (choice.recent !== undefined) {
      // The page picks an entry; the file opened is the one main's own list holds.
      const entry = readRecent(host.recentFile).find((recent) => recent.path === choice.recent);
      if (!entry) {
        return refused(
          'workspace:open: refused; that file is not in the list of recent workspaces: choose it with Open…',
        );
      }
      file = entry.path;
    } else {
      const chosen = await askOpen({
        title: 'Open workspace',
        properties: ['openFile'],
        defaultPath: path.dirname(current.filePath),
        filters: workspaceFilters,
      });
      if (chosen === undefined) return CANCELLED;
      file = chosen;
    }
    if (path.resolve(file) === current.filePath) {
      return (await callOperation(
        { workspace: current },
        'workspace:summary',
        {},
      )) as Result<WorkspaceSummaryDto>;
    }
    // On failure (foreign, truncated, newer file…) nothing is switched: the current workspace stays.
    return (await callOperation({ workspace: current, host: switcher }, 'workspace:open', {
      path: file,
    })) as Result<WorkspaceSummaryDto>;
  }

  async function createWorkspace(options: { name?: string } = {}): Promise<Outcome<WorkspaceSummaryDto>> {
    const current = host.workspace();
    if (!current) return refused('workspace:create: refused; no workspace is open');
    const target = await askSave({
      title: 'New workspace',
      buttonLabel: 'Create',
      defaultPath: path.join(path.dirname(current.filePath), 'New workspace.sqlite'),
      filters: workspaceFilters,
    });
    if (target === undefined) return CANCELLED;
    // Workspace.create refuses an existing file, even if the dialog offered to replace it.
    return (await callOperation({ workspace: current, host: switcher }, 'workspace:create', {
      path: target,
      ...(options.name !== undefined ? { name: options.name } : {}),
    })) as Result<WorkspaceSummaryDto>;
  }

  /** workspace:open and workspace:create from the page: no path, only the inputs of desktopInputs. */
  async function workspaceFromPage(
    name: 'workspace:open' | 'workspace:create',
    rawInput: unknown,
  ): Promise<Result<unknown>> {
    const input = rawInput ?? {};
    if (isRecord(input) && Object.prototype.hasOwnProperty.call(input, 'path')) {
      return refused(
        name === 'workspace:open'
          ? 'workspace:open: refused; in the desktop app the page does not name files: choose the workspace with Open… or from the recent list'
          : 'workspace:create: refused; in the desktop app the page does not name files: choose where to create the workspace with New…',
      );
    }
    const parsed = desktopInputs[name].safeParse(input);
    if (!parsed.success) return invalidInputResult(name, parsed.error);
    const outcome =
      name === 'workspace:open'
        ? await openWorkspace(parsed.data as { recent?: string })
        : await createWorkspace(parsed.data as { name?: string });
    if (outcome === CANCELLED) {
      return refused(`${name}: cancelled; no file was chosen`);
    }
    return outcome;
  }

  async function importChosenFile(
    event: ShellInvokeEvent,
    workspace: Workspace,
    rawInput: unknown,
  ): Promise<Result<unknown>> {
    const input = rawInput ?? {};
    // Not an object: the schema refuses it, and callOperation says so as it does for every operation.
    if (!isRecord(input)) return callOperation({ workspace }, 'imports:file', input);
    const given = { ...input };
    // `sameFile: true` (only the renderer's wizard sends it) imports the file of its dry run again.
    const sameFile = given.sameFile === true;
    delete given.sameFile;
    // Check the options before asking for a file, so a wrong one is refused without a dialog. The
    // name is a stand-in: callOperation refuses the input exactly as it would with the real name.
    const candidate = { ...given, fileName: 'chosen-file' };
    if (
      forbiddenKeyPath(candidate) !== null ||
      !contract['imports:file'].input.safeParse(candidate).success
    ) {
      return callOperation({ workspace }, 'imports:file', candidate);
    }

    let file: string;
    if (sameFile) {
      if (!importChoice || importChoice.workspace !== workspace) {
        return refused(
          'imports:file: refused; no file was chosen in this workspace yet (a switch forgets the last one): choose the file again',
        );
      }
      file = importChoice.file;
    } else {
      const chosen = await askOpen(importDialog);
      if (chosen === undefined) return refused('Import cancelled: no file was chosen.');
      importChoice = { workspace, file: chosen };
      file = chosen;
    }

    // The file may have gone since the dialog (or the dry run): say so rather than throw.
    const size = await sizeOf(file);
    if (typeof size !== 'number') return size;
    const sender = event.sender;
    return callOperation(
      {
        workspace,
        upload: () => createReadStream(file),
        uploadSize: size,
        onProgress: (progress: ImportProgress) => {
          if (!sender.isDestroyed()) sender.send(importProgressChannel, progress);
        },
      },
      'imports:file',
      { ...given, fileName: path.basename(file) },
    );
  }

  async function answer(name: OperationName, event: ShellInvokeEvent, rawInput: unknown) {
    const window = host.window();
    if (!window || !fromOurWindow(event, window)) {
      return refused(`${name}: refused; only Energy Ledger's own window may call the API`);
    }
    // Read the workspace per call: the user may have switched it since the last one.
    const workspace = host.workspace();
    if (!workspace) return refused(`${name}: refused; no workspace is open`);
    if (name === 'imports:file') return importChosenFile(event, workspace, rawInput);
    if (name === 'workspace:open' || name === 'workspace:create') return workspaceFromPage(name, rawInput);
    const sender = event.sender;
    const context: ApiContext = {
      workspace,
      host: switcher,
      onSettleProgress: (progress) => {
        if (!sender.isDestroyed()) sender.send(settleProgressChannel, progress);
      },
    };
    return callOperation(context, name, rawInput);
  }

  const shell: Shell = {
    registerOperations() {
      for (const name of operationNames) {
        electron.ipcMain.handle(ipcChannelOf(name), async (event, rawInput): Promise<Result<unknown>> => {
          try {
            return await answer(name, event, rawInput);
          } catch (error) {
            // A dialog or the file system failing must still answer the page, not reject its call.
            return { ok: false, error: { code: 'internal', message: `${name}: ${messageOf(error)}` } };
          }
        });
      }
    },
    openWorkspace,
    createWorkspace,
    async switchTo(next) {
      importChoice = null;
      await host.switchTo(next);
    },
  };
  return shell;
}

/**
 * One ipcMain.handle per contract operation (never a generic "invoke
 * anything" channel), each refusing callers other than our own window's
 * top frame showing app:// content, then delegating to callOperation, which
 * validates the input like every other transport does.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';

import {
  dialog,
  ipcMain,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
} from 'electron';

import type { ImportProgress, Result } from '../../shared/contract';
import {
  importProgressChannel,
  ipcChannelOf,
  operationNames,
  settleProgressChannel,
} from '../../shared/operation-names';
import { callOperation } from '../api/dispatch';
import type { Workspace } from '../store/workspace';

import { isAppUrl } from './protocol';

export interface OperationHost {
  window(): BrowserWindow | null;
  /** The workspace open right now; null only while quitting. */
  workspace(): Workspace | null;
  /** Makes `next` current (workspace:open and workspace:create from the window). */
  switchTo(next: Workspace): Promise<void>;
  /** The list of recently opened workspaces, in the app's data folder. */
  recentFile: string;
}

function refused(message: string): Result<never> {
  return { ok: false, error: { code: 'refused', message } };
}

/** True only for the top frame of our window, currently showing our own bundle. */
function fromOurWindow(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
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

/**
 * The renderer never names a path: the main process asks the user for the
 * file, and only its base name goes into the validated input.
 */
/** The file last chosen in the import dialog, so the wizard's "Import" after its dry run needs no second pick. */
let lastChosenFile: string | null = null;

async function importChosenFile(
  event: IpcMainInvokeEvent,
  workspace: Workspace,
  window: BrowserWindow,
  rawInput: unknown,
): Promise<Result<unknown>> {
  const given =
    typeof rawInput === 'object' && rawInput !== null ? { ...(rawInput as Record<string, unknown>) } : {};
  // `sameFile: true` (only the renderer's wizard sends it) imports the file of its dry run again.
  const sameFile = given.sameFile === true;
  delete given.sameFile;
  let chosen: string | undefined;
  if (sameFile && lastChosenFile) {
    chosen = lastChosenFile;
  } else {
    const options: OpenDialogOptions = {
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
    const choice = await dialog.showOpenDialog(window, options);
    chosen = choice.filePaths[0];
    if (choice.canceled || chosen === undefined) return refused('Import cancelled: no file was chosen.');
    lastChosenFile = chosen;
  }

  const sender = event.sender;
  return callOperation(
    {
      workspace,
      upload: () => createReadStream(chosen!),
      uploadSize: statSync(chosen).size,
      onProgress: (progress: ImportProgress) => {
        if (!sender.isDestroyed()) sender.send(importProgressChannel, progress);
      },
    },
    'imports:file',
    { ...given, fileName: path.basename(chosen) },
  );
}

export function registerOperations(host: OperationHost): void {
  for (const name of operationNames) {
    ipcMain.handle(ipcChannelOf(name), async (event, rawInput: unknown): Promise<Result<unknown>> => {
      const window = host.window();
      if (!fromOurWindow(event, window) || !window) {
        return refused(`${name}: refused; only Energy Ledger's own window may call the API`);
      }
      // Read the workspace per call: the user may have switched it since the last one.
      const workspace = host.workspace();
      if (!workspace) return refused(`${name}: refused; no workspace is open`);
      if (name === 'imports:file') return importChosenFile(event, workspace, window, rawInput);
      const sender = event.sender;
      return callOperation(
        {
          workspace,
          host: { switchTo: (next) => host.switchTo(next), recentFile: host.recentFile },
          onSettleProgress: (progress) => {
            if (!sender.isDestroyed()) sender.send(settleProgressChannel, progress);
          },
        },
        name,
        rawInput,
      );
    });
  }
}

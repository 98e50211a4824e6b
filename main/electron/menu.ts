/**
 * The application menu. File holds the workspace commands; their dialogs run
 * in the main process, so the renderer never sees or chooses a path. New… and
 * Open… are the shell's own (ipc.ts), the same as the Workspace page's buttons.
 */
import path from 'node:path';

import {
  app,
  dialog,
  Menu,
  type BrowserWindow,
  type MenuItemConstructorOptions,
  type SaveDialogOptions,
} from 'electron';

import type { Workspace } from '../store/workspace';

import { CANCELLED, workspaceFilters, type Outcome, type Shell } from './ipc';

export interface WorkspaceHost {
  window(): BrowserWindow | null;
  workspace(): Workspace | null;
}

async function askSave(
  window: BrowserWindow | null,
  options: SaveDialogOptions,
): Promise<string | undefined> {
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

/** New… and Open… run the same dialogs and switch as the page's buttons do (ipc.ts); a cancelled dialog does nothing. */
async function settled(outcome: Promise<Outcome<unknown>>): Promise<void> {
  const result = await outcome;
  if (result === CANCELLED || result.ok) return;
  // WorkspaceFileError messages are written for the user ("not an Energy Ledger workspace", …).
  throw new Error(result.error.message);
}

async function saveCopy(host: WorkspaceHost): Promise<void> {
  const current = host.workspace();
  if (!current) return;
  const base = path.basename(current.filePath, path.extname(current.filePath));
  const target = await askSave(host.window(), {
    title: 'Save a copy of the workspace',
    defaultPath: path.join(path.dirname(current.filePath), `${base} copy.sqlite`),
    filters: workspaceFilters,
  });
  if (!target) return;
  await current.saveCopy(target); // VACUUM INTO: a consistent copy even while in WAL mode
}

/** Menu clicks cannot await; every failure ends in a readable dialog, never an unhandled rejection. */
function command(title: string, action: () => Promise<void>): () => void {
  return () => {
    action().catch((error: unknown) => {
      dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
    });
  };
}

export function buildMenu(
  host: WorkspaceHost,
  shell: Pick<Shell, 'openWorkspace' | 'createWorkspace'>,
): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'New workspace…',
          accelerator: 'CmdOrCtrl+N',
          click: command('Could not create the workspace', () => settled(shell.createWorkspace())),
        },
        {
          label: 'Open workspace…',
          accelerator: 'CmdOrCtrl+O',
          click: command('Could not open the workspace', () => settled(shell.openWorkspace())),
        },
        {
          label: 'Save a copy…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: command('Could not save a copy', () => saveCopy(host)),
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        // Packaged builds also set webPreferences.devTools = false, so there is nothing to toggle.
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

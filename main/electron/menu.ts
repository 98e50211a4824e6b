/**
 * The application menu. File holds the workspace commands; their dialogs run
 * in the main process, so the renderer never sees or chooses a path.
 */
import path from 'node:path';

import {
  app,
  dialog,
  Menu,
  type BrowserWindow,
  type FileFilter,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';

import { Workspace } from '../store/workspace';

export interface WorkspaceHost {
  window(): BrowserWindow | null;
  workspace(): Workspace | null;
  /** Makes `next` current, closes the previous workspace and reloads the window. */
  switchTo(next: Workspace): Promise<void>;
}

const workspaceFilters: FileFilter[] = [
  { name: 'Energy Ledger workspace', extensions: ['sqlite'] },
  { name: 'All files', extensions: ['*'] },
];

async function askOpen(
  window: BrowserWindow | null,
  options: OpenDialogOptions,
): Promise<string | undefined> {
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

async function askSave(
  window: BrowserWindow | null,
  options: SaveDialogOptions,
): Promise<string | undefined> {
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

function defaultFolder(host: WorkspaceHost): string {
  const current = host.workspace();
  return current ? path.dirname(current.filePath) : app.getPath('documents');
}

async function newWorkspace(host: WorkspaceHost): Promise<void> {
  const target = await askSave(host.window(), {
    title: 'New workspace',
    buttonLabel: 'Create',
    defaultPath: path.join(defaultFolder(host), 'New workspace.sqlite'),
    filters: workspaceFilters,
  });
  if (!target) return;
  // Workspace.create refuses an existing file, even if the dialog offered to replace it.
  await host.switchTo(await Workspace.create(target));
}

async function openWorkspace(host: WorkspaceHost): Promise<void> {
  const file = await askOpen(host.window(), {
    title: 'Open workspace',
    properties: ['openFile'],
    defaultPath: defaultFolder(host),
    filters: workspaceFilters,
  });
  if (!file) return;
  if (path.resolve(file) === host.workspace()?.filePath) return; // already open
  // On failure (WorkspaceFileError: foreign, truncated, newer…) nothing is switched: the current workspace stays.
  await host.switchTo(await Workspace.open(file));
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
function command(
  host: WorkspaceHost,
  title: string,
  action: (host: WorkspaceHost) => Promise<void>,
): () => void {
  return () => {
    action(host).catch((error: unknown) => {
      // WorkspaceFileError messages are written for the user ("not an Energy Ledger workspace", …).
      dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
    });
  };
}

export function buildMenu(host: WorkspaceHost): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'New workspace…',
          accelerator: 'CmdOrCtrl+N',
          click: command(host, 'Could not create the workspace', newWorkspace),
        },
        {
          label: 'Open workspace…',
          accelerator: 'CmdOrCtrl+O',
          click: command(host, 'Could not open the workspace', openWorkspace),
        },
        {
          label: 'Save a copy…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: command(host, 'Could not save a copy', saveCopy),
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

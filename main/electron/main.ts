/**
 * Electron main process: one hardened window showing the built renderer over
 * app://, the contract's operations over IPC, and the workspace lifecycle.
 * Bundled by scripts/build-electron.mjs to dist/electron/main.mjs (ESM).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';

import { openDefaultWorkspace } from '../demo/default-workspace';
import { rememberRecent } from '../store/recent-workspaces';
import { Workspace } from '../store/workspace';

import { denyPermissions, harden } from './guards';
import { createShell, type ShellHost } from './ipc';
import { buildMenu } from './menu';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';

// In a build this module is dist/electron/main.mjs: preload.cjs sits beside it, the renderer in ../renderer.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

// Scheme privileges must be registered before 'ready'. Never `await app.whenReady()` at module
// scope: Electron waits for this ESM entry to finish evaluating before it emits 'ready'.
registerAppScheme();

let currentWorkspace: Workspace | null = null;
let mainWindow: BrowserWindow | null = null;

const host: ShellHost<BrowserWindow> = {
  get recentFile() {
    return path.join(app.getPath('userData'), 'recent-workspaces.json');
  },
  window: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
  workspace: () => currentWorkspace,
  async switchTo(next) {
    const previous = currentWorkspace;
    currentWorkspace = next;
    // The renderer caches what it fetched; start it afresh on the new workspace.
    host.window()?.webContents.reload();
    if (previous && previous !== next) await previous.close();
  },
};

// The IPC handlers and the menu's New… and Open…: every switch goes through shell.switchTo.
const shell = createShell<BrowserWindow>({ ipcMain, dialog }, host);

/** `--db FILE` or `--db=FILE`; undefined when absent. */
function dbArgument(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--db');
  if (index >= 0) {
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--'))
      throw new Error('--db needs a workspace file: --db FILE');
    return value;
  }
  return argv.find((arg) => arg.startsWith('--db='))?.slice('--db='.length);
}

async function openStartupWorkspace(): Promise<Workspace> {
  const file = dbArgument(process.argv);
  return file === undefined ? openDefaultWorkspace() : Workspace.open(path.resolve(file));
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Energy Ledger',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: !app.isPackaged,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  void window.loadURL(`${APP_ORIGIN}/`);
}

function fail(error: unknown): void {
  dialog.showErrorBox(
    'Energy Ledger could not start',
    error instanceof Error ? error.message : String(error),
  );
  app.exit(1);
}

async function start(): Promise<void> {
  denyPermissions(session.defaultSession);
  serveRenderer(rendererRoot);
  currentWorkspace = await openStartupWorkspace();
  // The workspace the window opens with heads the Workspace page's recent list.
  rememberRecent(host.recentFile, {
    path: currentWorkspace.filePath,
    name: (await currentWorkspace.settings()).name,
  });
  shell.registerOperations();
  Menu.setApplicationMenu(buildMenu(host, shell));
  createWindow();
  app.on('activate', () => {
    if (!host.window()) createWindow(); // macOS: dock click with no window open
  });
}

// One process per user: two would share the default workspace file with two separate write queues.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = host.window();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Every WebContents ever created, not just our window's: see guards.ts.
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the workspace (finishing queued writes, checkpointing the WAL) before the process ends.
  let quitting: 'no' | 'closing' | 'closed' = 'no';
  app.on('will-quit', (event) => {
    if (quitting === 'closed' || (quitting === 'no' && !currentWorkspace)) return;
    event.preventDefault(); // also while 'closing': a second Quit must not cut the close short
    if (quitting === 'closing' || !currentWorkspace) return;
    quitting = 'closing';
    const workspace = currentWorkspace;
    currentWorkspace = null;
    workspace
      .close()
      .catch((error: unknown) => console.error('closing the workspace failed:', error))
      .finally(() => {
        quitting = 'closed';
        app.quit();
      });
  });

  app.whenReady().then(start).catch(fail);
}

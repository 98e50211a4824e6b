/**
 * The part of Electron the shell's handlers touch, as plain structural types. main.ts passes
 * the real objects (`ipcMain`, `dialog`, each WebContents, `session.defaultSession`), which
 * satisfy these types; the unit tests pass stubs. So the IPC handlers (ipc.ts) and the
 * navigation guards (guards.ts) run under Node without Electron's binary: those modules,
 * like this one, import 'electron' for its types only, which the bundler erases.
 */
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';

/** A frame, as a WebFrameMain shows it. */
export interface ShellFrame {
  readonly processId: number;
  readonly frameToken: string;
  readonly url: string;
  readonly detached: boolean;
}

/** A window's web contents, as the IPC handlers use it. */
export interface ShellWebContents {
  readonly id: number;
  readonly mainFrame: ShellFrame;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface ShellWindow {
  readonly webContents: ShellWebContents;
  isDestroyed(): boolean;
}

/** What ipcMain.handle's listener receives first (IpcMainInvokeEvent). */
export interface ShellInvokeEvent {
  readonly sender: ShellWebContents;
  readonly senderFrame: ShellFrame | null;
}

export interface ShellIpcMain {
  handle(channel: string, listener: (event: ShellInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export interface OpenDialogAnswer {
  canceled: boolean;
  filePaths: string[];
}

export interface SaveDialogAnswer {
  canceled: boolean;
  filePath?: string;
}

/** Electron's `dialog`: attached to a window when there is one, free-standing otherwise. */
export interface ShellDialog<W extends ShellWindow> {
  showOpenDialog(window: W, options: OpenDialogOptions): Promise<OpenDialogAnswer>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogAnswer>;
  showSaveDialog(window: W, options: SaveDialogOptions): Promise<SaveDialogAnswer>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogAnswer>;
}

/** The Electron objects the IPC handlers are built with. */
export interface ShellElectron<W extends ShellWindow> {
  ipcMain: ShellIpcMain;
  dialog: ShellDialog<W>;
}

/** A navigation about to happen (will-navigate, will-frame-navigate, will-redirect). */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** The events and handler of a WebContents that the navigation guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The permission handlers of a Session. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

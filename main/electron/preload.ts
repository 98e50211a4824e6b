/**
 * Preload: runs sandboxed, bundled to CJS (dist/electron/preload.cjs). It
 * exposes exactly the contract's operations as `window.api`, one IPC channel
 * each, and nothing of ipcRenderer itself. Its only runtime imports are
 * electron and the dependency-free list of operation names; the contract is
 * imported for its types only, which the bundler erases.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import type { Api, ImportProgress, SettleProgress } from '../../shared/contract';
import {
  importProgressChannel,
  ipcChannelOf,
  operationNames,
  settleProgressChannel,
} from '../../shared/operation-names';

/** What the renderer finds on `window.api` in the desktop app. */
export type DesktopApi = Api & {
  /** Progress of the running file import; returns a function that unsubscribes. */
  onImportProgress(callback: (progress: ImportProgress) => void): () => void;
  /** Stages of the running settlement; returns a function that unsubscribes. */
  onSettleProgress(callback: (progress: SettleProgress) => void): () => void;
};

// One argument only: nothing else the page passes reaches the main process.
const operations = Object.fromEntries(
  operationNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannelOf(name), input)]),
) as unknown as Api;

const api: DesktopApi = {
  ...operations,
  onImportProgress(callback) {
    // Hand the page the payload only, never the IpcRendererEvent (it carries `sender`, i.e. ipcRenderer).
    const listener = (_event: IpcRendererEvent, progress: ImportProgress) => callback(progress);
    ipcRenderer.on(importProgressChannel, listener);
    return () => {
      ipcRenderer.removeListener(importProgressChannel, listener);
    };
  },
  onSettleProgress(callback) {
    const listener = (_event: IpcRendererEvent, progress: SettleProgress) => callback(progress);
    ipcRenderer.on(settleProgressChannel, listener);
    return () => {
      ipcRenderer.removeListener(settleProgressChannel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);

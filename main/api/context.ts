/**
 * What a handler is given and what it is: the API's context (the open workspace, an upload,
 * progress listeners, the host that can switch workspaces) and the handler types the domain
 * modules implement. Types only, so every handler module and the dispatcher can share them
 * without importing each other.
 */
import type { Readable } from 'node:stream';

import type {
  ImportProgress,
  OperationName,
  OperationOutput,
  OperationParsedInput,
  SettleProgress,
} from '../../shared/contract';
import type { Workspace } from '../store/workspace';

export interface ApiContext {
  workspace: Workspace;
  /** The bytes of a file to import, when the transport carries one (HTTP body, dialog, CLI path). */
  upload?: () => Readable;
  /** The upload's size in bytes, when known, for progress estimates. */
  uploadSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  onSettleProgress?: (progress: SettleProgress) => void;
  /** Where the workspace can be switched (the loopback server, the desktop app); absent for one-shot CLI calls. */
  host?: WorkspaceSwitcher;
}

export interface WorkspaceSwitcher {
  /** Makes `next` the open workspace (closing the previous one). */
  switchTo(next: Workspace): Promise<void>;
  /** The file listing recently opened workspaces. */
  recentFile: string;
}

export type Handler<K extends OperationName> = (
  context: ApiContext,
  input: OperationParsedInput<K>,
) => Promise<OperationOutput<K>>;

export type Handlers = { [K in OperationName]: Handler<K> };

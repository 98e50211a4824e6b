/**
 * The renderer's one typed client of the contract. It implements `Api` from
 * shared/contract/ over whichever transport is present:
 *
 * 1. Electron: the preload exposes `window.api`, one function per operation
 *    name returning `Promise<Result<T>>`, plus `onImportProgress(cb)`.
 * 2. Browser: the loopback HTTP server on the same origin. The page is opened
 *    as `http://127.0.0.1:PORT/#token=TOKEN`; the token is kept in
 *    sessionStorage and sent as `Authorization: Bearer <token>`.
 */
import type {
  Api,
  ImportProgress,
  ImportReportDto,
  OperationInput,
  OperationName,
  OperationOutput,
  Result,
  SettleOutcomeDto,
  SettleProgress,
  WorkspaceSummaryDto,
} from '../../shared/contract';
import { answersOwnEnvelope } from '../../shared/contract';
import { operationNames } from '../../shared/operation-names';

import {
  decodeHttpResponse,
  parseJsonBody,
  planHttpRequest,
  planUploadUrl,
  takeServerEvents,
  tokenFromFragment,
  TOKEN_STORAGE_KEY,
  UNAUTHORIZED_MESSAGE,
  type ImportKind,
  type UploadOptions,
} from './http-protocol';

export type { ImportKind };
export { UNAUTHORIZED_MESSAGE };

type Unsubscribe = () => void;

/** What the Electron preload exposes as `window.api`. */
type PreloadApi = Api & {
  onImportProgress?: (callback: (progress: ImportProgress) => void) => Unsubscribe | void;
  onSettleProgress?: (callback: (progress: SettleProgress) => void) => Unsubscribe | void;
};

export interface ClientExtras {
  readonly transport: 'electron' | 'http';
  /** Imports one file by sending its bytes (HTTP: POST /api/imports?fileName=…&kind=…). */
  uploadFile(file: File, kind?: ImportKind, options?: UploadOptions): Promise<Result<ImportReportDto>>;
  /**
   * Desktop: asks for a file in the system's open dialog and imports it (`sameFile`: the file of
   * the last dialog again, for the wizard's import after its dry run). Over HTTP: refused.
   */
  pickAndImport(
    options: UploadOptions & { sameFile?: boolean; kind?: ImportKind },
  ): Promise<Result<ImportReportDto>>;
  /**
   * Desktop: asks for a workspace file in the system's open dialog and switches to it. In the
   * desktop app the page names no file (`workspace:open` with a path is refused). Over HTTP: refused;
   * the page sends the file's path with `workspace:open`.
   */
  chooseWorkspace(): Promise<Result<WorkspaceSummaryDto>>;
  /** Desktop: asks where to create a new workspace in the system's save dialog. Over HTTP: refused. */
  chooseNewWorkspace(name?: string): Promise<Result<WorkspaceSummaryDto>>;
  /**
   * Reopens an entry of `workspaces:recent`, given by its `path` as listed. Desktop: the main process
   * opens the entry of its own list (nothing else); over HTTP: `workspace:open` with that path.
   */
  openRecentWorkspace(path: string): Promise<Result<WorkspaceSummaryDto>>;
  onImportProgress(callback: (progress: ImportProgress) => void): Unsubscribe;
  /**
   * Settles a month, telling `onProgress` as each stage begins (the server's events over HTTP,
   * the main process's over IPC in the desktop app).
   */
  settleWithProgress(
    month: string,
    allowGaps: boolean,
    onProgress: (progress: SettleProgress) => void,
  ): Promise<Result<SettleOutcomeDto>>;
  /** Called when the server refuses the token (HTTP 401). */
  onUnauthorized(callback: () => void): Unsubscribe;
  /** True once a request was refused for want of a valid token. */
  readonly unauthorized: boolean;
}

export type ApiClient = Api & ClientExtras;

type Call = <K extends OperationName>(
  name: K,
  input: OperationInput<K>,
) => Promise<Result<OperationOutput<K>>>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function buildApi(call: Call): Api {
  const api: Partial<Record<OperationName, unknown>> = {};
  for (const name of operationNames) {
    api[name] = (input: OperationInput<typeof name>) => call(name, input);
  }
  return api as Api;
}

// ---- token ------------------------------------------------------------------

let memoryToken: string | null = null;

function readStoredToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

function storeToken(token: string): void {
  memoryToken = token;
  try {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // sessionStorage can be disabled; the in-memory copy lasts until reload.
  }
}

/**
 * Moves a `#token=…` fragment into sessionStorage and replaces the fragment
 * with `#/`, so the token is not left in the address bar or history. Call
 * once at start-up, before the router reads the hash.
 */
export function captureTokenFromLocation(): void {
  const token = tokenFromFragment(window.location.hash);
  if (token === null) return;
  storeToken(token);
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}#/`);
}

// ---- transports -------------------------------------------------------------

function electronClient(preload: PreloadApi): ApiClient {
  const call: Call = async (name, input) => {
    const operation = preload[name] as unknown as ((input: unknown) => Promise<Result<unknown>>) | undefined;
    if (typeof operation !== 'function') {
      return { ok: false, error: { code: 'internal', message: `the desktop app does not offer "${name}"` } };
    }
    try {
      return (await operation(input ?? {})) as Result<OperationOutput<typeof name>>;
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: messageOf(error) } };
    }
  };
  /** workspace:open and workspace:create with the inputs only the desktop app's main process takes (no path). */
  const invokeRaw = async <T>(
    name: 'workspace:open' | 'workspace:create',
    input: Record<string, unknown>,
  ): Promise<Result<T>> => {
    const operation = preload[name] as unknown as (input: unknown) => Promise<Result<T>>;
    try {
      return await operation(input);
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: messageOf(error) } };
    }
  };
  return {
    ...buildApi(call),
    transport: 'electron',
    unauthorized: false,
    uploadFile: () =>
      Promise.resolve({
        ok: false,
        error: {
          code: 'refused',
          message: 'In the desktop app, files are imported through the Import dialog, not uploaded.',
        },
      }),
    settleWithProgress: async (month, allowGaps, onProgress) => {
      const unsubscribe = preload.onSettleProgress?.(onProgress);
      try {
        return await call('settlement:settle', { month, allowGaps });
      } finally {
        if (typeof unsubscribe === 'function') unsubscribe();
      }
    },
    pickAndImport: async (options) => {
      const operation = preload['imports:file'] as unknown as (
        input: unknown,
      ) => Promise<Result<ImportReportDto>>;
      try {
        return await operation({ fileName: 'chosen in the dialog', kind: 'auto', ...options });
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: messageOf(error) } };
      }
    },
    // workspace:open and workspace:create take no path in the desktop app: see main/electron/ipc.ts.
    chooseWorkspace: () => invokeRaw<WorkspaceSummaryDto>('workspace:open', {}),
    chooseNewWorkspace: (name) =>
      invokeRaw<WorkspaceSummaryDto>('workspace:create', name !== undefined ? { name } : {}),
    openRecentWorkspace: (path) => invokeRaw<WorkspaceSummaryDto>('workspace:open', { recent: path }),
    onImportProgress(callback) {
      const unsubscribe = preload.onImportProgress?.(callback);
      return typeof unsubscribe === 'function' ? unsubscribe : () => undefined;
    },
    onUnauthorized: () => () => undefined,
  };
}

function httpClient(): ApiClient {
  const unauthorizedListeners = new Set<() => void>();
  let unauthorized = false;

  async function send<T>(
    method: string,
    url: string,
    body: BodyInit | undefined,
    contentType?: string,
    ownEnvelope = false,
  ) {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = readStoredToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (contentType) headers['Content-Type'] = contentType;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, credentials: 'omit', cache: 'no-store' });
    } catch (error) {
      const result: Result<T> = {
        ok: false,
        error: { code: 'internal', message: `Cannot reach the Energy Ledger server (${messageOf(error)}).` },
      };
      return result;
    }
    const text = await response.text().catch(() => '');
    if (response.status === 401 && !unauthorized) {
      unauthorized = true;
      for (const listener of unauthorizedListeners) listener();
    }
    return decodeHttpResponse<T>(response.status, parseJsonBody(text), response.statusText, ownEnvelope);
  }

  const call: Call = async (name, input) => {
    if (name === 'imports:file') {
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: 'imports:file needs the file bytes: use uploadFile(file, kind)',
        },
      };
    }
    let plan;
    try {
      plan = planHttpRequest(name, input);
    } catch (error) {
      return { ok: false, error: { code: 'invalid_input', message: messageOf(error) } };
    }
    return send<OperationOutput<typeof name>>(
      plan.method,
      plan.url,
      plan.body,
      plan.body === undefined ? undefined : 'application/json',
      answersOwnEnvelope(name),
    );
  };

  return {
    ...buildApi(call),
    transport: 'http',
    get unauthorized() {
      return unauthorized;
    },
    uploadFile: (file, kind = 'auto', options = {}) =>
      send<ImportReportDto>(
        'POST',
        planUploadUrl(file.name, kind, options),
        file,
        'application/octet-stream',
      ),
    pickAndImport: () =>
      Promise.resolve({
        ok: false,
        error: { code: 'refused', message: 'In the browser, choose or drop the file on the page instead.' },
      }),
    chooseWorkspace: () =>
      Promise.resolve({
        ok: false,
        error: { code: 'refused', message: 'In the browser, type the path of the workspace file instead.' },
      }),
    chooseNewWorkspace: () =>
      Promise.resolve({
        ok: false,
        error: {
          code: 'refused',
          message: 'In the browser, type the path of the new workspace file instead.',
        },
      }),
    openRecentWorkspace: (path) => call('workspace:open', { path }),
    async settleWithProgress(month, allowGaps, onProgress) {
      const headers: Record<string, string> = {
        Accept: 'text/event-stream',
        'Content-Type': 'application/json',
      };
      const token = readStoredToken();
      if (token) headers.Authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await fetch('/api/settlements', {
          method: 'POST',
          headers,
          body: JSON.stringify({ month, allowGaps }),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `Cannot reach the Energy Ledger server (${messageOf(error)}).`,
          },
        };
      }
      if (!response.ok || !response.body) {
        const text = await response.text().catch(() => '');
        return decodeHttpResponse<SettleOutcomeDto>(
          response.status,
          parseJsonBody(text),
          response.statusText,
        );
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { events, rest } = takeServerEvents(buffer + value);
        buffer = rest;
        for (const event of events) {
          if (event.event === 'progress') onProgress(JSON.parse(event.data) as SettleProgress);
          if (event.event === 'result') return JSON.parse(event.data) as Result<SettleOutcomeDto>;
        }
      }
      return {
        ok: false,
        error: { code: 'internal', message: 'the server ended the settlement without a result' },
      };
    },
    // The HTTP server answers an import when it is done; there are no progress events.
    onImportProgress: () => () => undefined,
    onUnauthorized(callback) {
      unauthorizedListeners.add(callback);
      return () => unauthorizedListeners.delete(callback);
    },
  };
}

export function createApiClient(): ApiClient {
  const preload = (window as unknown as { api?: PreloadApi }).api;
  return preload ? electronClient(preload) : httpClient();
}

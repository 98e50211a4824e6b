/**
 * The Electron shell's handlers under Node, with Electron stubbed at the shell's boundary
 * (main/electron/boundary.ts): the IPC handlers, the rules on who names a file, and the
 * navigation guards. Electron's binary never runs here, and nothing imports 'electron'.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import type {
  GuardedContents,
  GuardedSession,
  NavigationEvent,
  ShellElectron,
  ShellFrame,
  ShellInvokeEvent,
} from '../../main/electron/boundary';
import { denyPermissions, harden } from '../../main/electron/guards';
import { createShell, type Shell, type ShellHost } from '../../main/electron/ipc';
import { readRecent } from '../../main/store/recent-workspaces';
import { Workspace } from '../../main/store/workspace';
import { ipcChannelOf, operationNames, type OperationName } from '../../shared/operation-names';
import { fixturesDir, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder('energy-ledger-shell-');
afterAll(() => temp.cleanup());

let fileCount = 0;
/** A fresh path in the temporary folder. */
const fresh = (name: string) => temp.file(`${++fileCount}-${name}`);

/** A workspace file that exists on disk (created, then closed). */
async function workspaceFile(name: string, settings: { name?: string } = {}): Promise<string> {
  const file = fresh(name);
  await (await Workspace.create(file, settings)).close();
  return file;
}

// ---- the stubbed boundary ----------------------------------------------------

interface StubWindow {
  webContents: {
    id: number;
    mainFrame: ShellFrame;
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
  };
  destroyed: boolean;
  isDestroyed(): boolean;
}

type Listener = (event: ShellInvokeEvent, ...args: unknown[]) => Promise<unknown>;
type Answer = { ok: boolean; value?: any; error?: { code: string; message: string; fields?: unknown } };

interface Rig {
  shell: Shell;
  handlers: Map<string, Listener>;
  window: StubWindow;
  /** Each dialog shown: which kind, its parent window, its options. */
  dialogs: { kind: 'open' | 'save'; parent: unknown; options: any }[];
  /** What the next dialogs answer, in order: a path, or null for Cancel. */
  answers: (string | null | Error)[];
  switches: Workspace[];
  current(): Workspace;
  recentFile: string;
  /** Calls one operation as the page does, from our window's top frame unless `event` says otherwise. */
  call(name: OperationName, input?: unknown, event?: ShellInvokeEvent): Promise<Answer>;
  ourEvent(frame?: Partial<ShellFrame>): ShellInvokeEvent;
}

async function rig(): Promise<Rig> {
  const handlers = new Map<string, Listener>();
  const dialogs: Rig['dialogs'] = [];
  const answers: Rig['answers'] = [];
  const switches: Workspace[] = [];
  const mainFrame: ShellFrame = {
    processId: 4,
    frameToken: 'top-frame-token',
    url: 'app://energy-ledger/#/workspace',
    detached: false,
  };
  const window: StubWindow = {
    webContents: {
      id: 7,
      mainFrame,
      isDestroyed: () => false,
      send: () => undefined,
    },
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
  };
  const next = (kind: 'open' | 'save', args: unknown[]) => {
    const [parent, options] = args.length === 2 ? args : [undefined, args[0]];
    dialogs.push({ kind, parent, options });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`the test did not expect a ${kind} dialog`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const electron: ShellElectron<StubWindow> = {
    ipcMain: { handle: (channel, listener) => void handlers.set(channel, listener) },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        const answer = next('open', args);
        return answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] };
      },
      showSaveDialog: async (...args: unknown[]) => {
        const answer = next('save', args);
        return answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer };
      },
    },
  };
  let current = await Workspace.open(await workspaceFile('start.sqlite', { name: 'Start market' }));
  const recentFile = fresh('recent-workspaces.json');
  const host: ShellHost<StubWindow> = {
    window: () => (window.isDestroyed() ? null : window),
    workspace: () => current,
    async switchTo(next) {
      const previous = current;
      current = next;
      switches.push(next);
      if (previous !== next) await previous.close();
    },
    recentFile,
  };
  const shell = createShell(electron, host);
  shell.registerOperations();
  const ourEvent = (frame: Partial<ShellFrame> = {}): ShellInvokeEvent => ({
    sender: window.webContents,
    senderFrame: { ...mainFrame, ...frame },
  });
  openRigs.push(() => current);
  return {
    shell,
    handlers,
    window,
    dialogs,
    answers,
    switches,
    current: () => current,
    recentFile,
    ourEvent,
    call: async (name, input = {}, event = ourEvent()) => {
      const listener = handlers.get(ipcChannelOf(name));
      if (!listener) throw new Error(`no handler for ${name}`);
      return (await listener(event, input)) as Answer;
    },
  };
}

/** The workspaces each rig has open at the end of a test, closed after it. */
const openRigs: (() => Workspace)[] = [];
afterEach(async () => {
  await Promise.all(openRigs.splice(0).map((current) => current().close()));
});

const smallDefinition = path.join(fixturesDir, 'workspace-small.json');

// ---- IPC: channels, callers, inputs ---------------------------------------------

describe('the IPC handlers', () => {
  it('register one channel per contract operation and nothing else', async () => {
    const { handlers } = await rig();
    expect([...handlers.keys()].sort()).toEqual(operationNames.map(ipcChannelOf).sort());
  });

  it('answer our window’s top frame showing app:// content', async () => {
    const { call } = await rig();
    const answer = await call('workspace:summary');
    expect(answer.ok).toBe(true);
    expect(answer.value.name).toBe('Start market');
  });

  describe('refuse a caller that is not our window’s top frame on app://', () => {
    const cases: [string, (rig: Rig) => ShellInvokeEvent][] = [
      ['another WebContents', (r) => ({ ...r.ourEvent(), sender: { ...r.window.webContents, id: 99 } })],
      ['a subframe (other frame token)', (r) => r.ourEvent({ frameToken: 'iframe-token' })],
      ['a frame in another process', (r) => r.ourEvent({ processId: 5 })],
      ['a page navigated away from app://', (r) => r.ourEvent({ url: 'https://evil.example/' })],
      ['another app:// host', (r) => r.ourEvent({ url: 'app://evil/' })],
      ['a file:// page', (r) => r.ourEvent({ url: 'file:///tmp/x.html' })],
      ['a detached frame', (r) => r.ourEvent({ detached: true })],
      ['an event without a frame', (r) => ({ ...r.ourEvent(), senderFrame: null })],
    ];
    for (const [what, event] of cases) {
      it(what, async () => {
        const r = await rig();
        for (const name of ['workspace:summary', 'imports:file', 'workspace:open'] as const) {
          const answer = await r.call(name, {}, event(r));
          expect(answer.ok).toBe(false);
          expect(answer.error?.code).toBe('refused');
          expect(answer.error?.message).toContain('only Energy Ledger');
        }
        expect(r.dialogs).toEqual([]); // refused before any dialog
      });
    }

    it('once our window is gone', async () => {
      const r = await rig();
      r.window.destroyed = true;
      const answer = await r.call('workspace:summary');
      expect(answer.error?.code).toBe('refused');
    });
  });

  it('validate every input against the contract’s schema', async () => {
    const { call, dialogs } = await rig();
    const wrongType = await call('meters:list', { participantId: 42 });
    expect(wrongType.error?.code).toBe('invalid_input');
    expect(wrongType.error?.fields).toHaveProperty('participantId');

    const polluted = await call('meters:list', JSON.parse('{"__proto__": {"x": 1}}'));
    expect(polluted.error?.code).toBe('invalid_input');

    // The import's options are checked before the dialog is shown.
    const badKind = await call('imports:file', { fileName: 'x', kind: 'spreadsheet' });
    expect(badKind.error?.code).toBe('invalid_input');
    expect(badKind.error?.message).toContain('kind');
    const notAnObject = await call('imports:file', 'readings.csv');
    expect(notAnObject.error?.code).toBe('invalid_input');

    // The desktop inputs of workspace:open and workspace:create, likewise before any dialog.
    expect((await call('workspace:open', { recent: 42 })).error?.code).toBe('invalid_input');
    expect((await call('workspace:open', { file: '/tmp/x.sqlite' })).error?.code).toBe('invalid_input');
    const emptyName = await call('workspace:create', { name: '' });
    expect(emptyName.error?.code).toBe('invalid_input');
    expect(emptyName.error?.fields).toHaveProperty('name');
    expect(dialogs).toEqual([]);
  });
});

// ---- who names a file -------------------------------------------------------------

describe('naming a file', () => {
  it('refuses a path sent by the page for workspace:open and workspace:create', async () => {
    const r = await rig();
    const other = await workspaceFile('other.sqlite');
    const start = r.current();

    const open = await r.call('workspace:open', { path: other });
    expect(open.error?.code).toBe('refused');
    expect(open.error?.message).toContain('does not name files');

    const target = fresh('made-by-the-page.sqlite');
    const create = await r.call('workspace:create', { path: target, name: 'Page market' });
    expect(create.error?.code).toBe('refused');
    expect(existsSync(target)).toBe(false);

    expect(r.current()).toBe(start);
    expect(r.switches).toEqual([]);
    expect(r.dialogs).toEqual([]);
  });

  it('opens the file chosen in main’s open dialog, attached to our window, and remembers it', async () => {
    const r = await rig();
    const other = await workspaceFile('chosen.sqlite', { name: 'Chosen market' });
    r.answers.push(other);
    const answer = await r.call('workspace:open', {});
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ name: 'Chosen market', path: other });
    expect(r.dialogs).toHaveLength(1);
    expect(r.dialogs[0]).toMatchObject({ kind: 'open', parent: r.window });
    expect(r.dialogs[0]!.options.properties).toEqual(['openFile']);
    expect(r.current().filePath).toBe(other);
    expect(readRecent(r.recentFile).map((entry) => entry.path)).toEqual([other]);
  });

  it('switches nothing when the open dialog is cancelled or names the workspace already open', async () => {
    const r = await rig();
    r.answers.push(null);
    const cancelled = await r.call('workspace:open', {});
    expect(cancelled.error?.code).toBe('refused');
    expect(cancelled.error?.message).toContain('cancelled');

    r.answers.push(r.current().filePath);
    const same = await r.call('workspace:open', {});
    expect(same.ok).toBe(true);
    expect(same.value.path).toBe(r.current().filePath);
    expect(r.switches).toEqual([]);
  });

  it('keeps the workspace open when the chosen file is not a workspace', async () => {
    const r = await rig();
    const start = r.current();
    r.answers.push(path.resolve('package.json'));
    const answer = await r.call('workspace:open', {});
    expect(answer.error?.code).toBe('conflict');
    expect(r.current()).toBe(start);
  });

  it('creates the workspace where main’s save dialog says, with the name the page gave', async () => {
    const r = await rig();
    const target = fresh('new.sqlite');
    r.answers.push(target);
    const answer = await r.call('workspace:create', { name: 'Fresh market' });
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ name: 'Fresh market', path: target });
    expect(r.dialogs[0]).toMatchObject({ kind: 'save', parent: r.window });
    expect(r.current().filePath).toBe(target);

    // An existing file is never overwritten, even if the save dialog offered to replace it.
    r.answers.push(target);
    const again = await r.call('workspace:create', {});
    expect(again.error?.code).toBe('conflict');
    expect(r.current().filePath).toBe(target);
  });

  it('reopens an entry of main’s recent list without a dialog, and nothing outside it', async () => {
    const r = await rig();
    const first = await workspaceFile('first.sqlite', { name: 'First market' });
    const second = await workspaceFile('second.sqlite', { name: 'Second market' });
    r.answers.push(first, second);
    expect((await r.call('workspace:open', {})).ok).toBe(true);
    expect((await r.call('workspace:open', {})).ok).toBe(true);
    const listed = (await r.call('workspaces:recent')).value as { path: string }[];
    expect(listed.map((entry) => entry.path)).toEqual([second, first]);

    const reopened = await r.call('workspace:open', { recent: first });
    expect(reopened.ok).toBe(true);
    expect(reopened.value.name).toBe('First market');
    expect(r.current().filePath).toBe(first);

    const unlisted = await workspaceFile('unlisted.sqlite');
    const refused = await r.call('workspace:open', { recent: unlisted });
    expect(refused.error?.code).toBe('refused');
    expect(refused.error?.message).toContain('not in the list of recent workspaces');
    // Not a path to be resolved either: only the exact entry counts.
    const relative = await r.call('workspace:open', { recent: path.relative(process.cwd(), second) });
    expect(relative.error?.code).toBe('refused');
    expect(r.current().filePath).toBe(first);
    expect(r.dialogs).toHaveLength(2); // the two opens above, none for the recent entries
  });

  it('the menu’s Open… and New… use the same dialogs, and a cancelled one is no error', async () => {
    const r = await rig();
    r.answers.push(null, null);
    expect(await r.shell.openWorkspace()).toBe('cancelled');
    expect(await r.shell.createWorkspace()).toBe('cancelled');
    const target = fresh('from-the-menu.sqlite');
    r.answers.push(target);
    const created = await r.shell.createWorkspace();
    expect(created).toMatchObject({ ok: true, value: { path: target } });
    expect(readRecent(r.recentFile).map((entry) => entry.path)).toEqual([target]);
  });
});

// ---- imports:file ------------------------------------------------------------------

describe('imports:file', () => {
  it('reads the file chosen in the dialog, sending only its base name into the input', async () => {
    const r = await rig();
    r.answers.push(smallDefinition);
    const answer = await r.call('imports:file', {
      fileName: 'chosen in the dialog',
      kind: 'workspace',
      dryRun: true,
    });
    expect(answer.ok).toBe(true);
    expect(answer.value.fileName).toBe('workspace-small.json');
    expect(r.dialogs[0]).toMatchObject({ kind: 'open', parent: r.window });

    // sameFile: the file of the dry run, without a second dialog, in the same workspace.
    const again = await r.call('imports:file', { fileName: 'x', kind: 'workspace', sameFile: true });
    expect(again.ok).toBe(true);
    expect(again.value.fileName).toBe('workspace-small.json');
    expect(r.dialogs).toHaveLength(1);
  });

  it('forgets the dry run’s file when the workspace is switched (sameFile no longer re-imports it)', async () => {
    const r = await rig();
    r.answers.push(smallDefinition);
    expect((await r.call('imports:file', { fileName: 'x', kind: 'workspace', dryRun: true })).ok).toBe(true);
    // Switch through the page's New… (the menu's goes through the same shell.switchTo).
    r.answers.push(fresh('after-switch.sqlite'));
    expect((await r.call('workspace:create', {})).ok).toBe(true);

    const answer = await r.call('imports:file', { fileName: 'x', kind: 'workspace', sameFile: true });
    expect(answer.error?.code).toBe('refused');
    expect(answer.error?.message).toContain('choose the file again');
    expect(r.dialogs.map((dialog) => dialog.kind)).toEqual(['open', 'save']); // no dialog for sameFile
    const imports = await r.call('imports:list', {});
    expect(imports.value).toEqual([]);
  });

  it('forgets it on any switch, the menu’s included', async () => {
    const r = await rig();
    r.answers.push(smallDefinition);
    await r.call('imports:file', { fileName: 'x', kind: 'workspace', dryRun: true });
    await r.shell.switchTo(await Workspace.create(fresh('menu-switch.sqlite')));
    const answer = await r.call('imports:file', { fileName: 'x', kind: 'workspace', sameFile: true });
    expect(answer.error?.code).toBe('refused');
  });

  it('answers a file that cannot be read with an error result, never a rejected call', async () => {
    const r = await rig();
    const missing = fresh('gone.csv');
    r.answers.push(missing);
    const gone = await r.call('imports:file', { fileName: 'x' });
    expect(gone).toEqual({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('no longer exists') },
    });

    const folder = fresh('a-folder');
    mkdirSync(folder);
    r.answers.push(folder);
    const notAFile = await r.call('imports:file', { fileName: 'x' });
    expect(notAFile.error?.code).toBe('invalid_input');
    expect(notAFile.error?.message).toContain('is not a file');
  });

  it('says so when the dry run’s file is gone by the time of the import', async () => {
    const r = await rig();
    const copy = fresh('definition.json');
    writeFileSync(copy, readFileSync(smallDefinition));
    r.answers.push(copy);
    expect((await r.call('imports:file', { fileName: 'x', kind: 'workspace', dryRun: true })).ok).toBe(true);
    rmSync(copy);
    const answer = await r.call('imports:file', { fileName: 'x', kind: 'workspace', sameFile: true });
    expect(answer.error?.code).toBe('not_found');
  });

  it('answers a failing dialog with an error result too', async () => {
    const r = await rig();
    r.answers.push(new Error('the portal is not available'));
    const answer = await r.call('imports:file', { fileName: 'x' });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'internal', message: 'imports:file: the portal is not available' },
    });
    r.answers.push(null);
    const cancelled = await r.call('imports:file', { fileName: 'x' });
    expect(cancelled.error?.code).toBe('refused');
  });
});

// ---- navigation guards and permissions ----------------------------------------------

describe('the navigation guards', () => {
  function guarded() {
    const listeners = new Map<string, (event: any) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents: GuardedContents = {
      on(event: string, listener: (event: any) => void) {
        listeners.set(event, listener);
        return contents;
      },
      setWindowOpenHandler(handler) {
        openHandler = handler;
      },
    };
    harden(contents);
    /** Emits `name` for `url`; true when the guard cancelled it. */
    const emit = (name: string, url: string) => {
      let prevented = false;
      const event: NavigationEvent = { url, preventDefault: () => void (prevented = true) };
      const listener = listeners.get(name);
      if (!listener) throw new Error(`no ${name} guard`);
      listener(event);
      return prevented;
    };
    return { listeners, emit, windowOpen: (url: string) => openHandler?.({ url }) };
  }

  const foreign = [
    'https://evil.example/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://another-host/',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'not a url',
  ];

  for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    it(`${name}: cancels every URL outside app://energy-ledger/, allows our own`, () => {
      const { emit } = guarded();
      for (const url of foreign) expect(emit(name, url), url).toBe(true);
      expect(emit(name, 'app://energy-ledger/')).toBe(false);
      expect(emit(name, 'app://energy-ledger/index.html#/workspace')).toBe(false);
    });
  }

  it('denies window.open for any URL, our own included, and refuses to attach a <webview>', () => {
    const { emit, windowOpen } = guarded();
    for (const url of [...foreign, 'app://energy-ledger/'])
      expect(windowOpen(url)).toEqual({ action: 'deny' });
    expect(emit('will-attach-webview', 'app://energy-ledger/')).toBe(true);
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const session: GuardedSession = {
      setPermissionRequestHandler: (handler) => handler({}, 'media', (granted) => void answers.push(granted)),
      setPermissionCheckHandler: (handler) => void (check = handler),
      setDevicePermissionHandler: (handler) => void (device = handler),
    };
    denyPermissions(session);
    expect(answers).toEqual([false]);
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
  });
});

describe('the shell’s testable modules', () => {
  it('import electron for its types only (they load under Node without it)', () => {
    for (const file of ['ipc.ts', 'guards.ts', 'boundary.ts', 'app-url.ts']) {
      const source = readFileSync(path.resolve('main/electron', file), 'utf8');
      const imports = [...source.matchAll(/^import\s+([^;]*?)\s*from\s+'electron'/gms)].map((m) => m[1]!);
      for (const clause of imports) expect(clause, file).toMatch(/^type\s/);
      expect(source, file).not.toMatch(
        /^import\s+'electron'|\brequire\(\s*'electron'|\bimport\(\s*'electron'/m,
      );
    }
  });
});

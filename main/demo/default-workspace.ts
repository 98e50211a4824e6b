/**
 * The default workspace: used when a command is given no `--db`. It lives in
 * the user's data folder and is created from the demo the first time, then
 * never rebuilt (a trader's own work may be in it by then).
 *
 *   Linux    $XDG_DATA_HOME/energy-ledger (default ~/.local/share/energy-ledger)
 *   macOS    ~/Library/Application Support/Energy Ledger
 *   Windows  %APPDATA%\Energy Ledger
 *   any      $ENERGY_LEDGER_HOME, when set
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Workspace } from '../store/workspace';

import { buildDemoWorkspace } from './build-demo';

export function dataFolder(): string {
  if (process.env.ENERGY_LEDGER_HOME) return path.resolve(process.env.ENERGY_LEDGER_HOME);
  const home = os.homedir();
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'Energy Ledger');
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Energy Ledger');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'energy-ledger');
}

export async function defaultWorkspacePath(): Promise<string> {
  return path.join(dataFolder(), 'workspace.sqlite');
}

/** Opens the default workspace, building it from the demo the first time (atomically: built aside, then renamed). */
export async function openDefaultWorkspace(
  log: (line: string) => void = () => undefined,
): Promise<Workspace> {
  const file = await defaultWorkspacePath();
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    const building = `${file}.building-${process.pid}`;
    log(`Creating the default workspace from the demo at ${file} (first run only)…`);
    const { workspace } = await buildDemoWorkspace(building);
    await workspace.close();
    if (existsSync(file)) {
      await rm(building, { force: true });
    } else {
      await rename(building, file);
    }
  }
  return Workspace.open(file);
}

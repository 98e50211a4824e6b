/**
 * The workspaces a person opened lately, most recent first (at most 10),
 * kept as a small JSON file in Energy Ledger's data folder. A file that
 * cannot be read is an empty list; one that cannot be written is skipped:
 * the list is a convenience, never a reason to refuse opening a workspace.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: string;
}

const MAX = 10;

export function readRecent(file: string): RecentWorkspace[] {
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter(
      (entry): entry is RecentWorkspace =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as RecentWorkspace).path === 'string' &&
        typeof (entry as RecentWorkspace).name === 'string',
    );
  } catch {
    return [];
  }
}

export function rememberRecent(file: string, entry: Omit<RecentWorkspace, 'openedAt'>): RecentWorkspace[] {
  const list = [
    { ...entry, openedAt: new Date().toISOString() },
    ...readRecent(file).filter((e) => e.path !== entry.path),
  ].slice(0, MAX);
  try {
    if (!existsSync(path.dirname(file))) mkdirSync(path.dirname(file), { recursive: true });
    // Written aside and renamed, so a crash never leaves a half list.
    const partial = `${file}.partial-${process.pid}`;
    writeFileSync(partial, JSON.stringify(list, null, 2));
    renameSync(partial, file);
  } catch {
    // Not worth refusing the workspace for.
  }
  return list;
}

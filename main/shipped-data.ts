/**
 * The data files Energy Ledger ships in `data/` (load profiles, the statements' fonts),
 * found from this module upwards: `data/` at the top of the source tree, or
 * `dist/electron/data/` beside the bundle (scripts/build-electron.mjs copies it there).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function shippedDataFolder(name: 'load-profiles' | 'fonts'): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(folder, 'data', name);
    if (existsSync(candidate)) return candidate;
    folder = path.dirname(folder);
  }
  throw new Error(`the shipped data/${name} folder is missing`);
}

/**
 * Numbered schema migrations. Each `NNNN-name.sql` file beside this module is
 * applied once, in order, inside its own transaction; PRAGMA user_version
 * records how far a workspace has come. Never edit a shipped migration: add
 * the next number.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  name: string;
  sql: string;
}

// Beside this module in the source tree; beside the bundle (in migrations/) in a build.
function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [here, path.join(here, 'migrations')]) {
    if (existsSync(path.join(candidate, '0001-initial.sql'))) return candidate;
  }
  throw new Error(`Energy Ledger's schema migrations are missing (looked in ${here})`);
}

function loadMigrations(): Migration[] {
  const folder = migrationsFolder();
  const files = readdirSync(folder)
    .filter((name) => /^\d{4}-[a-z0-9-]+\.sql$/.test(name))
    .sort();
  return files.map((name, index) => {
    if (Number(name.slice(0, 4)) !== index + 1) {
      throw new Error(`schema migration ${name} is out of sequence: expected number ${index + 1}`);
    }
    return { name, sql: readFileSync(path.join(folder, name), 'utf8') };
  });
}

export const migrations: readonly Migration[] = loadMigrations();

#!/usr/bin/env node
/**
 * Bundles the Electron shell with esbuild:
 *   main/electron/main.ts    → dist/electron/main.mjs   (ESM, Node; electron and sqlite3 stay external)
 *   main/electron/preload.ts → dist/electron/preload.cjs (CJS: sandboxed preloads cannot be ES modules)
 *   main/importers/xlsx-worker.ts → dist/electron/xlsx-worker.cjs (the thread that reads XLSX workbooks;
 *     main/importers/xlsx-rows.ts starts it from beside main.mjs; CJS, which workers load from app.asar)
 * and copies the files the bundle reads at run time beside it, since a packaged app holds
 * only dist/**: the schema migrations (main/store/migrations/index.ts looks in
 * dist/electron/migrations/), the demo's load profiles (main/shipped-data.ts looks
 * for data/load-profiles/ from the bundle's folder upwards, so dist/electron/data/) and the
 * statements' fonts (data/fonts/, found the same way).
 */
import { existsSync } from 'node:fs';
import { cp, copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
const from = (...parts) => path.join(root, ...parts);

await rm(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  tsconfig: from('tsconfig.node.json'),
  logLevel: 'warning',
  legalComments: 'none',
};

const bundled = Promise.all([
  build({
    ...common,
    entryPoints: [from('main/electron/main.ts')],
    outfile: path.join(outdir, 'main.mjs'),
    format: 'esm',
    target: 'node22',
    // electron is provided by the runtime; sqlite3 is a native addon loaded from node_modules.
    external: ['electron', 'sqlite3'],
    // Bundled CommonJS dependencies call require(); ESM has none, so make one.
    banner: {
      js: "import { createRequire as __energyLedgerCreateRequire } from 'node:module';\nconst require = __energyLedgerCreateRequire(import.meta.url);",
    },
    sourcemap: true,
  }),
  build({
    ...common,
    entryPoints: [from('main/importers/xlsx-worker.ts')],
    outfile: path.join(outdir, 'xlsx-worker.cjs'),
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
  }),
  build({
    ...common,
    entryPoints: [from('main/electron/preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
    format: 'cjs',
    // Runs in the renderer's sandbox (Chromium), where only a few electron modules exist.
    target: 'es2022',
    external: ['electron'],
  }),
]);
// esbuild has already printed the errors, with locations; skip the stack trace.
await bundled.catch(() => process.exit(1));

const migrationsSource = from('main', 'store', 'migrations');
const migrationsTarget = path.join(outdir, 'migrations');
await mkdir(migrationsTarget, { recursive: true });
const sqlFiles = (await readdir(migrationsSource)).filter((name) => name.endsWith('.sql'));
await Promise.all(
  sqlFiles.map((name) => copyFile(path.join(migrationsSource, name), path.join(migrationsTarget, name))),
);

// The whole folder, README included: it carries the profiles' source and licence.
await cp(from('data', 'load-profiles'), path.join(outdir, 'data', 'load-profiles'), { recursive: true });
// The statements' fonts (main/statements/statement-pdf.ts looks for data/fonts/ the same way), with their licence.
await cp(from('data', 'fonts'), path.join(outdir, 'data', 'fonts'), { recursive: true });

console.log(
  `dist/electron: main.mjs, preload.cjs, xlsx-worker.cjs, ${sqlFiles.length} migration(s), data/load-profiles, data/fonts`,
);
if (!existsSync(from('dist', 'renderer', 'index.html'))) {
  console.warn(
    'note: dist/renderer/index.html is missing; run `npm run build:renderer` before starting the app',
  );
}

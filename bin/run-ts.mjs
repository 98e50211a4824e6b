#!/usr/bin/env node
// Runs one TypeScript file of the project (benchmarks, scripts) through tsx.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { register } from 'tsx/esm/api';

register();
const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: run-ts.mjs FILE.ts [args…]');
  process.exit(2);
}
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(path.resolve(file)).href);

#!/usr/bin/env node
// Runs Energy Ledger's command line from its TypeScript source (tsx compiles it on the fly).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

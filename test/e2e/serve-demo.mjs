// Builds a fresh demo workspace in test-results/ and serves it for the end-to-end journeys.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const [port, token] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const db = path.join(root, 'test-results', 'e2e-demo.sqlite');
const bin = path.join(root, 'bin', 'energy-ledger.mjs');
mkdirSync(path.dirname(db), { recursive: true });
for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
const demo = spawnSync(process.execPath, [bin, 'demo', '--db', db], { stdio: 'inherit' });
if (demo.status !== 0) process.exit(demo.status ?? 1);
// The server's data folder (recent workspaces) inside test-results, never the person's own.
const home = path.join(root, 'test-results', 'e2e-home');
rmSync(home, { recursive: true, force: true });
mkdirSync(home, { recursive: true });
const server = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', port, '--token', token], {
  stdio: 'inherit',
  env: { ...process.env, ENERGY_LEDGER_HOME: home },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

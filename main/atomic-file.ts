/**
 * Every file Energy Ledger writes (backups, exports, statements, audit packs, the recent list)
 * is written under a temporary name beside its target and renamed into place once complete
 * and flushed, so a full disk, a crash or kill -9 leaves either the whole file or none, never
 * a truncated one, and a retry is never refused as "already exists" (issue 16, item 4).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, promises as fs, readdirSync, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';

const PARTIAL = /^\.(.+)\.partial-(\d+)-[0-9a-f]{8}$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what an earlier writer of `target` killed half-way (kill -9, power loss) left beside it. */
function sweepStalePartials(target: string): void {
  const folder = path.dirname(target);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const match = PARTIAL.exec(name.replace(/-(journal|wal|shm)$/, ''));
    if (!match || match[1] !== path.basename(target)) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && !isRunning(pid)) rmSync(path.join(folder, name), { force: true });
  }
}

/** A temporary name in the target's folder (a rename within one folder is atomic). */
export function partialName(target: string): string {
  const resolved = path.resolve(target);
  sweepStalePartials(resolved);
  return path.join(
    path.dirname(resolved),
    `.${path.basename(resolved)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** Refuses a target that exists (unless replacing is asked for), before anything is written. */
export async function refuseExisting(target: string, what = 'file'): Promise<void> {
  const exists = await fs
    .lstat(target)
    .then(() => true)
    .catch(() => false);
  if (exists)
    throw new OutputExists(`${path.resolve(target)}: already exists; choose a new name for the ${what}`);
}

export class OutputExists extends Error {}

async function syncAndRename(partial: string, target: string, replace: boolean): Promise<void> {
  const handle = await fs.open(partial, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (!replace) {
    // link() fails if the target appeared meanwhile, so an existing file is never replaced.
    try {
      await fs.link(partial, target);
      await fs.rm(partial, { force: true });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST')
        throw new OutputExists(`${path.resolve(target)}: already exists; choose a new name`);
      // File systems without hard links (some network shares, FAT): a plain rename after the check.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    }
  }
  await fs.rename(partial, target);
}

/** Writes `data` to `target` atomically. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: { replace?: boolean } = {},
): Promise<void> {
  const partial = partialName(target);
  try {
    await fs.writeFile(partial, data, { flag: 'wx' });
    await syncAndRename(partial, path.resolve(target), options.replace ?? false);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}

/**
 * Runs `produce` with a path to write to (a temporary name beside `target`), then moves the
 * finished file into place; if `produce` fails, nothing is left behind.
 */
export async function produceFileAtomic<T>(
  target: string,
  produce: (partial: string) => Promise<T>,
  options: { replace?: boolean } = {},
): Promise<T> {
  const partial = partialName(target);
  try {
    const result = await produce(partial);
    await syncAndRename(partial, path.resolve(target), options.replace ?? false);
    return result;
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}

/** A write stream to a temporary name; `commit` ends it and moves the file into place, `abort` removes it. */
export function atomicWriteStream(target: string): {
  stream: WriteStream;
  commit: () => Promise<void>;
  abort: () => Promise<void>;
} {
  const partial = partialName(target);
  const stream = createWriteStream(partial, { flags: 'wx' });
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  finished.catch(() => undefined); // awaited by commit or abort; never an unhandled rejection
  return {
    stream,
    async commit() {
      if (!stream.writableEnded) stream.end();
      await finished;
      try {
        await syncAndRename(partial, path.resolve(target), false);
      } catch (error) {
        await fs.rm(partial, { force: true });
        throw error;
      }
    },
    async abort() {
      stream.destroy();
      await finished.catch(() => undefined);
      await fs.rm(partial, { force: true });
    },
  };
}

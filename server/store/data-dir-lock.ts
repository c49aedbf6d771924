// One process owns a PGlite data directory: two PostgreSQL instances writing one folder
// would corrupt it. The owner holds an exclusive lock file naming its pid; a lock whose
// process is gone (killed, crashed) is taken over.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreOpenError } from './store';

export const LOCK_FILE_NAME = 'store.lock';

/** Folders this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): { text: string; pid: number | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return { text, pid: Number.isSafeInteger(pid) && pid > 0 ? pid : null };
}

/**
 * Creates the lock file with the pid already in it: written to a file of this process's own,
 * then linked into place, which fails when a lock exists. A lock file is never seen empty,
 * so a live owner is never mistaken for a dead one while it writes.
 */
function createExclusive(path: string): boolean {
  const draft = `${path}.${process.pid}.tmp`;
  writeFileSync(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

function refusal(dataDir: string, path: string, pid: number | null): StoreOpenError {
  const who =
    pid === null ? 'another process' : pid === process.pid ? 'this process' : `process ${pid}`;
  return new StoreOpenError(
    `DATA_DIR ${dataDir} is in use by ${who} (lock file ${path}). Only one server may use a ` +
      'data directory: stop the other one, or set DATA_DIR to another folder. If no such ' +
      'process is this server, delete the lock file.',
  );
}

/** Takes the lock of `dataDir` (which must exist), or throws a StoreOpenError saying who holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  if (held.has(path)) throw refusal(dataDir, path, process.pid);
  // Two tries: the second after removing a stale lock (its owner is gone, or the file does
  // not name one).
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusive(path)) {
      held.add(path);
      const releaseOnExit = () => release();
      const release = () => {
        process.off('exit', releaseOnExit);
        if (!held.delete(path)) return;
        if (readOwner(path)?.pid === process.pid) unlinkSync(path);
      };
      process.on('exit', releaseOnExit);
      return { path, release };
    }
    const owner = readOwner(path);
    if (owner === null) continue;
    if (owner.pid !== null && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw refusal(dataDir, path, owner.pid);
    }
    // Remove the stale lock only if it is still the one read, so a process that took it
    // over meanwhile keeps it; the exclusive create above settles any remaining race.
    if (readOwner(path)?.text === owner.text) unlinkSync(path);
  }
  throw refusal(dataDir, path, readOwner(path)?.pid ?? null);
}

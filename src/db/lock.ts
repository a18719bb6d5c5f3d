import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirectoryLockedError extends Error {
  override name = 'DataDirectoryLockedError';
}

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Takes the one-process lock on an embedded database directory.
 * PGlite has no locking of its own, and two processes writing one directory corrupt it,
 * so a second server or CLI run must stop here with a message saying what to do.
 * A lock left by a process that no longer runs (a crash, a kill -9) is taken over.
 */
export function lockDataDirectory(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'lectern.lock');
  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      const stale = owner === undefined || (owner.hostname === me.hostname && !isAlive(owner.pid));
      if (!stale) {
        throw new DataDirectoryLockedError(
          `The embedded database in ${dir} is in use by another Lectern process ` +
            `(pid ${owner.pid} on ${owner.hostname}, since ${owner.startedAt}). ` +
            'Only one process may open it: stop that process first (a running server holds it; ' +
            'stop it before running the CLI), or use PostgreSQL by setting DATABASE_URL.',
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirectoryLockedError(`Could not take the lock ${file}; another process keeps creating it.`);
}

// One deploy (or restart) per app at a time. The lock is an exclusive SQLite transaction on a per-app
// file: the kernel releases it when its process dies, so a killed deploy never leaves a stale lock.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../errors.js';

/** A held lock; release it in a finally block. */
export interface AppLock {
  release(): void;
}

/** What the holder wrote about itself; it writes right after taking the lock, so wait a moment for it. */
function describeHolder(info: string): string {
  const deadline = Date.now() + 300;
  for (;;) {
    try {
      const text = readFileSync(info, 'utf8').trim();
      if (text) return text;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) return 'another deploy';
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}

/** Takes the app's lock, or fails at once with E_LOCKED saying what holds it. */
export function acquireLock(locksDir: string, app: string, what: string): AppLock {
  mkdirSync(locksDir, { recursive: true });
  const file = join(locksDir, `${app}.lock`);
  const info = `${file}.info`;
  const db = new Database(file);
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    const holder = describeHolder(info);
    throw new Hop3Error('E_LOCKED', `${app} is busy: ${holder} is in progress`, {
      hint: 'wait for it to finish, then try again',
    });
  }
  writeFileSync(info, `${what} (pid ${process.pid})\n`, { mode: 0o600 });
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      rmSync(info, { force: true });
      db.exec('COMMIT');
      db.close();
    },
  };
}

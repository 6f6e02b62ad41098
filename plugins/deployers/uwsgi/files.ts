// Small file operations of the uwsgi deployer: atomic writes, pid and starts files, paths safe inside an ini.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Hop3Error } from '../../../lib/sdk.js';

/**
 * Writes `file` through a temporary file and a rename. The temporary name starts with a dot and ends in
 * `.tmp`, so the emperor (which only loads `*.ini`) never sees a half-written vassal.
 */
export function writeAtomic(file: string, content: string, mode = 0o644): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content, { mode });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The text of `file`, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** How many times the process started: one line per start in its starts file. */
export function countStarts(file: string): number {
  return (readText(file) ?? '').split('\n').length - 1;
}

// uWSGI expands $(VAR), %x, %(option) and @(file) inside ini values, and attach-daemon runs its value
// through `sh -c`: a path written into an ini may only hold characters that mean nothing to either.
const INI_SAFE_PATH = /^\/[A-Za-z0-9_./+,:-]*$/;

/** Returns `path` when it can appear in a vassal ini unchanged; throws E_INVALID_VALUE otherwise. */
export function iniPath(path: string, what: string): string {
  if (!INI_SAFE_PATH.test(path)) {
    throw new Hop3Error('E_INVALID_VALUE', `the ${what} ${JSON.stringify(path)} cannot be used in a uWSGI vassal`, {
      hint: 'uWSGI expands "$", "%" and "@" and splits on spaces: use paths made of letters, digits, "/", ".", "_", "-" only',
    });
  }
  return path;
}

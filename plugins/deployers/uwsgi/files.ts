// Small file operations of the uwsgi deployer: reading run files, counting starts, paths safe inside an ini.
import { readFileSync } from 'node:fs';
import { Hop3Error } from '../../../lib/sdk.js';

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
    throw new Hop3Error(
      'E_INVALID_VALUE',
      `the ${what} ${JSON.stringify(path)} cannot be used in a uWSGI vassal`,
      {
        hint: 'uWSGI expands "$", "%" and "@" and splits on spaces: use paths made of letters, digits, "/", ".", "_", "-" only',
      },
    );
  }
  return path;
}

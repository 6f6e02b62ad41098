// File operations confined to one app's directory: what hop3 asks an app user to write, create or remove.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { Hop3Error } from '../errors.js';
import { killProcessesIn } from '../proc/pids.js';

/** One operation; paths are absolute and must lie inside the app's directory. */
export type FileOp =
  /** `exclusive`: refused when the file already exists (the message says "already exists"). */
  | { op: 'write'; path: string; content: string; mode: number; exclusive?: boolean }
  | { op: 'mkdir'; path: string; mode: number }
  | { op: 'remove'; path: string }
  /** Renames a regular file over `to` (a process writing to it keeps writing to the same file). */
  | { op: 'rename'; path: string; to: string }
  /** Removes what a directory holds, keeping the directory (an app cannot remove its top directories). */
  | { op: 'clear'; path: string }
  /** SIGKILLs the app's processes working in a directory (what a failed or killed build left running). */
  | { op: 'stop-processes'; path: string };

function refuse(path: string, why: string): Hop3Error {
  return new Hop3Error(
    'E_NOT_ALLOWED',
    `file operation on ${JSON.stringify(path)} refused: ${why}`,
  );
}

/**
 * Checks that `path` is inside `root` (not `root` itself) and that no existing directory between them is a
 * symlink, so an app cannot turn a write into one outside its directory; returns the normalised path.
 */
export function confinedPath(root: string, path: string): string {
  if (!isAbsolute(path) || normalize(path) !== path.replace(/\/+$/, ''))
    throw refuse(path, 'not a plain absolute path');
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw refuse(path, `outside ${root}`);
  let dir = root;
  for (const part of rel.split(sep).slice(0, -1)) {
    dir = `${dir}${sep}${part}`;
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (st === undefined) break;
    if (st.isSymbolicLink() || !st.isDirectory()) throw refuse(path, `${dir} is not a directory`);
  }
  return path;
}

/** Applies `ops` in order inside `root`; a write is atomic (temporary file, then rename). */
export function applyFileOps(root: string, ops: readonly FileOp[]): void {
  for (const op of ops) {
    const path = confinedPath(root, op.path);
    switch (op.op) {
      case 'write': {
        if (op.exclusive === true && lstatSync(path, { throwIfNoEntry: false }) !== undefined)
          throw refuse(path, 'it already exists');
        mkdirSync(dirname(path), { recursive: true });
        const tmp = `${path}.tmp-${process.pid}`;
        writeFileSync(tmp, op.content, { mode: op.mode });
        chmodSync(tmp, op.mode);
        renameSync(tmp, path);
        break;
      }
      case 'mkdir': {
        const st = lstatSync(path, { throwIfNoEntry: false });
        if (st?.isSymbolicLink()) throw refuse(path, 'it is a symlink');
        if (!st) mkdirSync(path, { recursive: true, mode: op.mode & 0o777 });
        // A new directory inherits setgid from its parent; chmod by a user outside the directory's group
        // (an app user in a hop3-read directory) would silently drop that bit: change the mode only when it
        // differs, which also clears an inherited setgid where it must not be (a vassal dir).
        if ((lstatSync(path).mode & 0o7777) !== op.mode) chmodSync(path, op.mode);
        break;
      }
      case 'remove':
        rmSync(path, { recursive: true, force: true });
        break;
      case 'rename': {
        const to = confinedPath(root, op.to);
        const st = lstatSync(path, { throwIfNoEntry: false });
        if (st === undefined) break;
        if (!st.isFile()) throw refuse(path, 'not a regular file');
        renameSync(path, to);
        break;
      }
      case 'stop-processes':
        killProcessesIn(path);
        break;
      case 'clear': {
        const st = lstatSync(path, { throwIfNoEntry: false });
        if (!st?.isDirectory()) break;
        for (const entry of readdirSync(path))
          rmSync(join(path, entry), { recursive: true, force: true });
        break;
      }
    }
  }
}

// Writing host files: atomically (temp file + rename), with a mode and an owner, and only when the text changed.
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The owner of a file hop3 writes. */
export interface Owner {
  uid: number;
  gid: number;
}

/** How a host file is written. */
export interface WriteOptions {
  mode: number;
  owner?: Owner;
  /** Checks the candidate file (e.g. `visudo -cf`) before it replaces the real one; throws to refuse it. */
  validate?: (candidate: string) => Promise<void>;
}

/** The text of a file, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function enforce(file: string, options: WriteOptions): void {
  const st = statSync(file);
  if ((st.mode & 0o7777) !== options.mode) chmodSync(file, options.mode);
  if (options.owner && (st.uid !== options.owner.uid || st.gid !== options.owner.gid)) {
    chownSync(file, options.owner.uid, options.owner.gid);
  }
}

/**
 * Writes `text` to `file` atomically unless it already holds exactly that text; mode and owner are enforced
 * either way. The temp file starts with a dot so include globs (sudoers.d, conf.d) never pick it up.
 * Returns true when the content changed.
 */
export async function writeHostFile(
  file: string,
  text: string,
  options: WriteOptions,
): Promise<boolean> {
  if (readIfExists(file) === text) {
    enforce(file, options);
    return false;
  }
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.hop3-${process.pid}`);
  writeFileSync(temp, text, { mode: options.mode });
  try {
    enforce(temp, options);
    if (options.validate) await options.validate(temp);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  return true;
}

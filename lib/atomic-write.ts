// Writing a file so readers see either its old or its new content, never a half-written one.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `file` through a temporary file beside it and a rename. The temporary name starts with a dot
 * and ends in `.tmp`, so globs such as nginx's `*.conf` or the uWSGI emperor's `*.ini` never match it.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  const temp = join(
    dirname(file),
    `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(temp, content, { mode });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

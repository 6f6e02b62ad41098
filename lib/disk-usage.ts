// Disk use of a directory tree: the sum of its regular files' sizes, symlinks not followed, unreadable parts skipped.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes under `dir` (0 when it does not exist). */
export function diskUsage(dir: string): number {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    try {
      const st = lstatSync(path);
      if (st.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name));
      else if (st.isFile()) total += st.size;
    } catch {
      // gone meanwhile, or not ours to read: not counted
    }
  }
  return total;
}

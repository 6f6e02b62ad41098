// SDK toolkit. Lists an app's own source files for a syntax check: by extension, skipping installed dependencies
// (vendor/, node_modules/) and hidden directories. Used by the ruby and php toolchains.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Directories that hold dependencies or tooling, not the app's code. */
export const NOT_APP_CODE = new Set(['vendor', 'node_modules', 'tmp', 'log']);

/** Relative paths of the files under `dir` that `wanted` accepts (sorted; symlinks are not followed). */
export function sourceFiles(dir: string, wanted: (name: string) => boolean, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !entry.name.startsWith('.') && !NOT_APP_CODE.has(entry.name)) {
      files.push(...sourceFiles(dir, wanted, path));
    } else if (entry.isFile() && wanted(entry.name)) {
      files.push(path);
    }
  }
  return files.sort();
}

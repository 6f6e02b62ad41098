// SDK toolkit. Lists an app's own source files for a syntax check: by extension, skipping installed dependencies
// (vendor/, node_modules/) and hidden directories. Used by the ruby and php toolchains.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../../errors.js';

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

/** E_NO_GO_MOD when the app's root (`names`) holds Go sources but no go.mod: Go builds modules only. */
export function goWithoutModule(names: readonly string[]): Hop3Error | undefined {
  const sources = names.filter((n) => n.endsWith('.go'));
  if (sources.length === 0 || names.includes('go.mod')) return undefined;
  return new Hop3Error(
    'E_NO_GO_MOD',
    `Go sources (${sources.slice(0, 3).join(', ')}) but no go.mod: hop3 builds Go modules only`,
    {
      hint: 'run "go mod init example.com/app" and "go mod tidy" locally, commit go.mod (and go.sum) and push again',
    },
  );
}

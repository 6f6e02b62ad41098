// The node_modules cache: one entry per dependency key under the toolchain's cache dir, most recent kept.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../../../lib/sdk.js';

/** The files whose contents decide whether installed dependencies can be reused. */
export const DEPENDENCY_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json'] as const;

/** How many cache entries are kept (the most recently used). */
export const KEEP_ENTRIES = 3;

const ENTRY_NAME = /^[0-9a-f]{16}$/;

/** The cache key of a source tree's dependencies for one Node.js version (and NODE_ENV, which drops devDependencies). */
export function cacheKey(ctx: Pick<BuildContext, 'hash' | 'env'>, nodeVersion: string): string {
  return ctx.hash(DEPENDENCY_FILES, `${nodeVersion}\0NODE_ENV=${ctx.env.NODE_ENV ?? ''}`);
}

/** Where an entry keeps its node_modules. */
export function entryModules(cacheDir: string, key: string): string {
  return join(cacheDir, key, 'node_modules');
}

/** Marks an entry as just used, so pruning keeps it. */
export function touchEntry(cacheDir: string, key: string): void {
  const now = new Date();
  utimesSync(join(cacheDir, key), now, now);
}

/** Renames a directory, copying then deleting when it crosses filesystems. */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** Moves a freshly installed node_modules into the entry `key` (complete or absent, never half). */
export function storeModules(cacheDir: string, key: string, installed: string): void {
  const staging = join(cacheDir, `.tmp-${key}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  if (existsSync(installed)) move(installed, join(staging, 'node_modules'));
  else mkdirSync(join(staging, 'node_modules'));
  rmSync(join(cacheDir, key), { recursive: true, force: true });
  renameSync(staging, join(cacheDir, key));
}

/** Deletes all but the `keep` most recently used entries (never `current`), and leftover staging dirs. */
export function pruneEntries(cacheDir: string, current: string, keep = KEEP_ENTRIES): string[] {
  const names = readdirSync(cacheDir);
  for (const name of names.filter((n) => n.startsWith('.tmp-'))) {
    rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
  const entries = names
    .filter((n) => ENTRY_NAME.test(n) && n !== current)
    .map((name) => ({ name, used: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  const stale = entries.slice(Math.max(keep - 1, 0)).map((e) => e.name);
  for (const name of stale) rmSync(join(cacheDir, name), { recursive: true, force: true });
  return stale;
}

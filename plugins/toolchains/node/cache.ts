// The node_modules cache: one entry per dependency key under the toolchain's cache dir, most recent kept.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../../../lib/sdk.js';

/** The files whose contents decide whether installed dependencies can be reused. */
export const DEPENDENCY_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  '.yarnrc.yml',
  '.npmrc',
] as const;

/**
 * The cache key of a source tree's dependencies: package.json, the lockfile in use (and the package
 * managers' config files), the Node.js version, the package manager, and NODE_ENV (which drops devDependencies).
 */
export function cacheKey(
  ctx: Pick<BuildContext, 'hash' | 'env'>,
  nodeVersion: string,
  manager = 'npm',
): string {
  const extra = `${nodeVersion}\0NODE_ENV=${ctx.env.NODE_ENV ?? ''}${manager === 'npm' ? '' : `\0${manager}`}`;
  return ctx.hash(DEPENDENCY_FILES, extra);
}

/** Where an entry keeps its node_modules. */
export function entryModules(cacheDir: string, key: string): string {
  return join(cacheDir, key, 'node_modules');
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

/**
 * Deletes staging directories left by an interrupted install. Entries themselves are removed by the core's
 * release cleanup once no kept build links to them, so a rollback always finds its node_modules.
 */
export function removeStaging(cacheDir: string): void {
  for (const name of readdirSync(cacheDir).filter((n) => n.startsWith('.tmp-'))) {
    rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
}

// Where this hop3 installation lives (the directory holding its package.json), from source or dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'templates'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('hop3: cannot find the installation root (package.json)');
    dir = parent;
  }
  return dir;
}

/** The installation root directory. */
export const INSTALL_ROOT = findRoot();

/** True when running the TypeScript sources (tests) rather than the compiled dist/. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The directory of the built-in plugins matching how hop3 runs (plugins/ or dist/plugins/). */
export const BUILTIN_PLUGINS_DIR = RUNNING_FROM_SOURCE
  ? join(INSTALL_ROOT, 'plugins')
  : join(INSTALL_ROOT, 'dist', 'plugins');

/** The templates directory of the installation. */
export const TEMPLATES_DIR = join(INSTALL_ROOT, 'templates');

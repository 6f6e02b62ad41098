// Finds plugin entry files: the built-in plugins/ directory and the root-owned external plugins directory
// (settings pluginsDir: files, folders and npm packages). $HOP3_HOME/plugins is never read.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Hop3Error } from '../errors.js';
import { checkPluginTree } from './safety.js';

/** One plugin module to load. */
export interface PluginFile {
  file: string;
  source: 'builtin' | 'external';
  /** Version shown by `hop3 plugins`: hop3's for built-ins, the package's for npm plugins. */
  version: string;
}

const ENTRY_NAMES = ['index.js', 'index.mjs'];

function dirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isDirectory()),
    )
    .map((e) => e.name)
    .sort();
}

/** Built-in plugins: `<dir>/<kind>/<name>/index.(ts|js)`. */
export function builtinPluginFiles(
  dir: string,
  version: string,
  extension: '.ts' | '.js',
): PluginFile[] {
  const files: PluginFile[] = [];
  for (const kind of dirs(dir)) {
    for (const name of dirs(join(dir, kind))) {
      const file = join(dir, kind, name, `index${extension}`);
      if (existsSync(file)) files.push({ file, source: 'builtin', version });
    }
  }
  return files;
}

function readPackage(dir: string): Record<string, unknown> | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch (error) {
    throw new Hop3Error('E_PLUGIN_LOAD', `cannot read ${file}: invalid JSON`, { cause: error });
  }
}

/** Entry files an npm package declares with `"hop3": { "plugins": [...] }` (or a single string). */
function packageEntries(dir: string): PluginFile[] {
  const pkg = readPackage(dir);
  const hop3 = pkg?.hop3;
  if (typeof hop3 !== 'object' || hop3 === null) return [];
  const declared = (hop3 as Record<string, unknown>).plugins;
  const list =
    typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared : undefined;
  const pkgFile = join(dir, 'package.json');
  if (!list || !list.every((e): e is string => typeof e === 'string')) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `${pkgFile}: "hop3.plugins" must be a path or a list of paths`,
    );
  }
  const version = typeof pkg?.version === 'string' ? pkg.version : 'unknown';
  return list.map((entry) => {
    const file = resolve(dir, entry);
    if (!file.startsWith(resolve(dir) + '/')) {
      throw new Hop3Error(
        'E_PLUGIN_SHAPE',
        `${pkgFile}: plugin entry ${JSON.stringify(entry)} is outside the package`,
      );
    }
    if (!existsSync(file))
      throw new Hop3Error('E_PLUGIN_LOAD', `${pkgFile}: plugin entry ${entry} does not exist`);
    return { file, source: 'external' as const, version };
  });
}

/**
 * External plugins in `dir`: loose `*.js`/`*.mjs` files, folders with an index.js, and npm packages
 * under node_modules whose package.json declares `hop3.plugins`. Throws E_PLUGIN_UNSAFE first when any
 * file there is not root's or is writable by group/other (for every user: root imports these).
 */
export function externalPluginFiles(dir: string): PluginFile[] {
  if (!existsSync(dir)) return [];
  checkPluginTree(dir, join(dir, 'node_modules', 'hop3'));
  const files: PluginFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isFile() && /\.(m?js)$/.test(entry.name)) {
      files.push({ file: path, source: 'external', version: 'local' });
    } else if (
      entry.isDirectory() &&
      entry.name !== 'node_modules' &&
      !entry.name.startsWith('.')
    ) {
      const fromPackage = packageEntries(path);
      if (fromPackage.length > 0) files.push(...fromPackage);
      else {
        const index = ENTRY_NAMES.map((n) => join(path, n)).find((f) => existsSync(f));
        if (index) files.push({ file: index, source: 'external', version: 'local' });
      }
    }
  }
  const modules = join(dir, 'node_modules');
  for (const name of dirs(modules)) {
    if (name.startsWith('.')) continue;
    const scoped = name.startsWith('@')
      ? dirs(join(modules, name)).map((n) => join(modules, name, n))
      : [join(modules, name)];
    for (const pkgDir of scoped) files.push(...packageEntries(pkgDir));
  }
  return files;
}

/**
 * Makes `import ... from 'hop3/sdk'` resolve for the plugins in `dir`: a `node_modules/hop3` link to this
 * installation (re-created when npm pruned it or hop3 moved; a real directory there is left alone). Only root
 * writes there; other users rely on the link `hop3 plugins:install` made.
 */
export function linkSdk(dir: string, installRoot: string): void {
  if (!existsSync(dir) || process.getuid?.() !== 0) return;
  const link = join(dir, 'node_modules', 'hop3');
  try {
    if (!lstatSync(link).isSymbolicLink() || readlinkSync(link) === installRoot) return;
    rmSync(link);
  } catch {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
  }
  symlinkSync(installRoot, link, 'dir');
}

// External plugins run as root during setup and boot: every file under the plugins directory must be root's
// and writable by root only, or a lower user could plant code there (built-in plugins are trusted by location).
import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { Hop3Error } from '../errors.js';

function unsafe(path: string, why: string): Hop3Error {
  return new Hop3Error(
    'E_PLUGIN_UNSAFE',
    `plugin path ${path} ${why}: refusing to load external plugins`,
    {
      hint: `chown -R root:root ${path} && chmod -R go-w ${path} (or reinstall it with: hop3 plugins:install)`,
    },
  );
}

function check(path: string, st: Stats): void {
  if (st.uid !== 0) throw unsafe(path, `is owned by uid ${st.uid}, not root`);
  if (!st.isSymbolicLink() && (st.mode & 0o022) !== 0)
    throw unsafe(path, 'is writable by group or others');
}

const inside = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
};

/**
 * Throws E_PLUGIN_UNSAFE unless `dir` and everything under it is owned by root and not group/other-writable.
 * Symbolic links must stay inside `dir`, except the `node_modules/hop3` link to this installation (`sdkLink`).
 */
export function checkPluginTree(dir: string, sdkLink: string): void {
  const walk = (path: string): void => {
    const st = lstatSync(path);
    check(path, st);
    if (st.isSymbolicLink()) {
      if (path === sdkLink) return;
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        return;
      }
      if (!inside(realpathSync(dir), target))
        throw unsafe(path, `is a link out of ${dir} (to ${target})`);
      return;
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
}

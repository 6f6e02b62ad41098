// The static directories a release may have the proxy serve: resolved, inside the release, hop3's own files hidden.
import { realpathSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { RELEASE_ROOT_FILES } from '../domain/release-files.js';
import { Hop3Error } from '../errors.js';
import type { StaticPath } from '../sdk.js';

export { RELEASE_ROOT_FILES };

function unsafe(shown: string, why: string): Hop3Error {
  return new Hop3Error('E_UNSAFE_PATH', `the static directory "${shown}" ${why}`, {
    hint: 'serve a real directory of the release (e.g. "static: public"); the previous release keeps serving',
  });
}

/**
 * Resolves each static directory (following its symlinks once, here) and refuses one that leaves the release
 * with E_UNSAFE_PATH, so `public -> /` never reaches the proxy. The proxy gets the resolved directory, the
 * release to follow no symlink below, and the names to hide when the release root itself is served.
 */
export function resolveStatic(releaseDir: string, statics: readonly StaticPath[]): StaticPath[] {
  const root = realpathSync(releaseDir);
  return statics.map((entry) => {
    const shown = relative(releaseDir, entry.dir) || '.';
    let dir: string;
    try {
      dir = realpathSync(entry.dir);
    } catch {
      throw unsafe(shown, 'does not exist (or is a broken link)');
    }
    if (dir !== root && !dir.startsWith(`${root}${sep}`))
      throw unsafe(shown, 'resolves outside the release');
    if (!statSync(dir).isDirectory()) throw unsafe(shown, 'is not a directory');
    return {
      url: entry.url,
      dir,
      within: root,
      hidden: dir === root ? [...RELEASE_ROOT_FILES] : [],
    };
  });
}

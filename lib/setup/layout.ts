// The directories under HOP3_HOME, owned by the hop3 user; the home itself is 0711 so nginx reaches static files.
// Nothing root reads as code or configuration lives here (nginx sites and plugins are in root-owned directories).
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';
import type { HomeDir } from '../sdk.js';
import type { Owner } from './host-files.js';

/** Where the resident services started without systemd write their output. */
export const serviceLogDir = (paths: Paths): string => join(paths.home, 'logs');

/** Where the state (pid, command, version) of services started without systemd is kept. */
export const serviceStateDir = (paths: Paths): string => join(paths.home, 'services');

const HOME_DIR_NAME = /^[a-z][a-z0-9._-]{0,40}$/;

/** Every directory setup creates, with its mode: hop3's own, then those host plugins declare (homeDirs). */
export function layoutDirs(paths: Paths, pluginDirs: readonly HomeDir[] = []): [string, number][] {
  const core: [string, number][] = [
    [paths.home, 0o711],
    [paths.repos, 0o700],
    [paths.apps, 0o711],
    [paths.backups, 0o700],
    [paths.locks, 0o700],
    [paths.ssh, 0o700],
    [serviceLogDir(paths), 0o755],
    [serviceStateDir(paths), 0o755],
  ];
  const coreDirs = new Set(core.map(([dir]) => dir));
  const added = new Map<string, number>();
  for (const { name, mode } of pluginDirs) {
    const dir = join(paths.home, name);
    const clash = coreDirs.has(dir) || (added.has(dir) && added.get(dir) !== mode);
    if (!HOME_DIR_NAME.test(name) || (mode & ~0o755) !== 0 || clash) {
      throw new Hop3Error(
        'E_PLUGIN_SHAPE',
        `plugin home directory ${JSON.stringify(name)} (mode ${mode.toString(8)}) must be a new plain name, mode at most 0755`,
      );
    }
    if (!added.has(dir)) core.push([dir, mode]);
    added.set(dir, mode);
  }
  return core;
}

/** Creates the missing directories and fixes mode and owner of all; returns the ones it created or fixed. */
export function ensureLayout(
  paths: Paths,
  owner: Owner,
  pluginDirs: readonly HomeDir[] = [],
): string[] {
  const fixed: string[] = [];
  for (const [dir, mode] of layoutDirs(paths, pluginDirs)) {
    let st = statSync(dir, { throwIfNoEntry: false });
    if (!st) {
      mkdirSync(dir, { recursive: true, mode });
      st = statSync(dir);
    }
    if ((st.mode & 0o7777) === mode && st.uid === owner.uid && st.gid === owner.gid) continue;
    chmodSync(dir, mode);
    chownSync(dir, owner.uid, owner.gid);
    fixed.push(dir);
  }
  return fixed;
}

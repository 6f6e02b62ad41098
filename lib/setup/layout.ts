// The directories under HOP3_HOME, owned by the hop3 user; the home itself is 0711 so nginx reaches static files.
// Nothing root reads as code or configuration lives here (nginx sites and plugins are in root-owned directories).
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Paths } from '../paths.js';
import type { Owner } from './host-files.js';

/** Where the resident services started without systemd write their output. */
export const serviceLogDir = (paths: Paths): string => join(paths.home, 'logs');

/** Where the state (pid, command, version) of services started without systemd is kept. */
export const serviceStateDir = (paths: Paths): string => join(paths.home, 'services');

/** Every directory setup creates, with its mode. */
export function layoutDirs(paths: Paths): [string, number][] {
  return [
    [paths.home, 0o711],
    [paths.repos, 0o700],
    [paths.apps, 0o711],
    [paths.uwsgi, 0o755],
    [paths.uwsgiEnabled, 0o755],
    [paths.backups, 0o700],
    [paths.locks, 0o700],
    [paths.ssh, 0o700],
    [serviceLogDir(paths), 0o755],
    [serviceStateDir(paths), 0o755],
  ];
}

/** Creates the missing directories and fixes mode and owner of all; returns the ones it created or fixed. */
export function ensureLayout(paths: Paths, owner: Owner): string[] {
  const fixed: string[] = [];
  for (const [dir, mode] of layoutDirs(paths)) {
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

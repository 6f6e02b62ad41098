// Where addon state lives under HOP3_HOME: the encryption key, admin connections, instance files, backups.
import { join } from 'node:path';
import type { Paths } from '../paths.js';

/** `$HOP3_HOME/addons` (mode 0700): everything addons keep on disk. */
export const addonsDir = (paths: Paths): string => join(paths.home, 'addons');

/** The AES-256 key that encrypts addon credentials (mode 0600). */
export const keyFile = (paths: Paths): string => join(addonsDir(paths), 'secret.key');

export { serversFile } from '../sdk/addon-servers.js';

/** Where an addon's backups go: `$HOP3_HOME/backups/<name>`. */
export const backupDir = (paths: Paths, name: string): string => join(paths.backups, name);

/** The encrypted addon env cache older versions kept for an app (removed at its next release; the env is now computed in memory). */
export const oldAppEnvFiles = (paths: Paths, app: string): string[] => [
  join(paths.meta(app), 'addons.env.enc'),
  join(paths.run(app), 'addons.env.enc'),
];

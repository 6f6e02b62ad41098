// Identifies the installed hop3 (version + content hash) so resident services restart after an upgrade.
import { join } from 'node:path';
import { INSTALL_ROOT } from '../install-root.js';
import { HOP3_VERSION } from '../version.js';
import { readIfExists } from './host-files.js';

/** The file scripts/bootstrap.sh writes in the installation with the hash of what it installed. */
export const INSTALL_HASH_FILE = '.install-hash';

/** "0.1.0" or "0.1.0+<hash prefix>" when the installation carries a content hash. */
export function installStamp(root: string = INSTALL_ROOT): string {
  const hash = readIfExists(join(root, INSTALL_HASH_FILE))?.trim();
  return hash ? `${HOP3_VERSION}+${hash.slice(0, 12)}` : HOP3_VERSION;
}

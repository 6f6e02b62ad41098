// hop3's own version, read once from the installation's package.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_ROOT } from './install-root.js';

/** The installed hop3 version. */
export const HOP3_VERSION: string = (
  JSON.parse(readFileSync(join(INSTALL_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

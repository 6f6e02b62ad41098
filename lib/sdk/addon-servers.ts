// The admin connections `hop3 setup --with` records for addon types ($HOP3_HOME/addons/servers.json, 0600); in the SDK so addon plugins read them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';

/** The admin connections `hop3 setup --with` recorded, by addon type (mode 0600). */
export const serversFile = (paths: Paths): string => join(paths.home, 'addons', 'servers.json');

/** Admin connection records by addon type. */
export type ServerRecords = Record<string, Record<string, string | number>>;

/** Every recorded connection ({} when setup recorded none). */
export function readServerRecords(paths: Paths): ServerRecords {
  const file = serversFile(paths);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Hop3Error('E_SETUP', `cannot read ${file}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as ServerRecords;
  } catch (error) {
    throw new Hop3Error('E_SETUP', `${file} is not valid JSON`, {
      cause: error,
      hint: 'rerun hop3 setup --with TYPE',
    });
  }
  throw new Hop3Error('E_SETUP', `${file} must hold a JSON object`, {
    hint: 'rerun hop3 setup --with TYPE',
  });
}

/** How hop3 reaches the server of an addon type as its admin, as setup recorded it (undefined: use defaults). */
export function readAddonServer(
  paths: Paths,
  type: string,
): Record<string, string | number> | undefined {
  const records = readServerRecords(paths);
  return Object.hasOwn(records, type) ? records[type] : undefined;
}

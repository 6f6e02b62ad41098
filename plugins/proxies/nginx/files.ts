// The nginx directory on disk: site file names, writes that skip unchanged files, the installed sites.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../../lib/sdk.js';
import { join } from 'node:path';

/** The global file; app names start with a letter, so it never collides with `<app>.conf`. */
export const GLOBAL_FILE = '_hop3.conf';

/** The site file of an app. */
export function siteFile(dir: string, app: string): string {
  return join(dir, `${app}.conf`);
}

/** The content of `file`, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Writes `file` atomically unless it already holds `content`; true when it wrote. */
export function writeIfChanged(file: string, content: string): boolean {
  if (readIfExists(file) === content) return false;
  writeFileAtomic(file, content);
  return true;
}

/** Every installed app site in `dir` (sorted, as nginx's glob include orders them), except `app`'s. */
export function siteFiles(dir: string, exceptApp?: string): string[] {
  if (!existsSync(dir)) return [];
  const skip = new Set([GLOBAL_FILE, ...(exceptApp === undefined ? [] : [`${exceptApp}.conf`])]);
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (e) =>
        !e.isDirectory() &&
        !e.name.startsWith('.') &&
        e.name.endsWith('.conf') &&
        !skip.has(e.name),
    )
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}
